import fetch, { Response } from "node-fetch";
import { ResolvedConnection } from "./config";
import { MAX_ERROR_MSG_CHARS, MAX_ERROR_TEXT_CHARS, MAX_ID_CHARS, MAX_RESPONSE_BYTES } from "./defaults";
import { DcsAbortedError, DcsApiError, DcsNetworkError, DcsResponseTooLargeError, classifyError, normaliseErrorCode } from "./errors";
import { RequestBudget } from "./request-budget";
import { Scrubber, scrubberFor } from "./scrub";
import { signRequest } from "./signer";

/** One HTTP call to DCS. `path` starts with `/v2/`. */
export interface DcsRequest {
    operation: string;
    method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
    path: string;
    query?: Record<string, string | number | undefined>;
    body?: unknown;
}

export interface DcsResponse {
    status: number;
    /** Parsed JSON, the raw text when it is not JSON (callers must check the shape), or undefined for an empty body. */
    body: unknown;
    requestId?: string;
    /**
     * Set when the body was over `MAX_RESPONSE_BYTES` and dropped (`body` is then undefined). Only
     * for a 2xx to a non-GET: DCS acted on it, so it must read as accepted, never as an error.
     */
    bodyTooLarge?: true;
}

/** What one HTTP exchange was, for debug logs: never a header, a body or a query value. */
export interface DcsExchange {
    operation: string;
    method: string;
    path: string;
    /** The HTTP status, or the network failure's kind ("timeout", "reset", …). */
    outcome: number | string;
    requestId?: string;
    durationMs: number;
}

interface TransportOptions {
    requestTimeoutMs: number;
    budget?: RequestBudget;
    userAgent: string;
    /** Called after every exchange, answered or not. */
    onExchange?: (exchange: DcsExchange) => void;
}

// Connection-level codes that prove the request never reached a server.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

/** Sends single signed requests and turns every failure into a typed error. No retries here. */
export class DcsTransport {
    /** Every text that came back (error body, code, request id, network error) goes through it. */
    private readonly scrubber: Scrubber;

    constructor(
        private readonly connection: ResolvedConnection,
        private readonly options: TransportOptions,
    ) {
        this.scrubber = scrubberFor(connection.credentials);
    }

    async send(request: DcsRequest, signal?: AbortSignal): Promise<DcsResponse> {
        await this.options.budget?.acquire(signal, request.method === "GET" ? "poll" : "trigger");
        const url = this.url(request);
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        const headers = this.headers(request.method, url, body);
        // One controller per request, unhooked afterwards: hundreds of concurrent waits share the
        // caller's signal, and AbortSignal.any would leave a listener on it per request.
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.options.requestTimeoutMs);
        const onAbort = () => controller.abort();
        signal?.addEventListener("abort", onAbort, { once: true });
        let response: Response;
        let text: string | undefined;
        const startedAt = performance.now();
        const report = (outcome: number | string, requestId?: string) =>
            this.options.onExchange?.({
                operation: request.operation,
                method: request.method,
                path: request.path,
                outcome,
                requestId,
                durationMs: performance.now() - startedAt,
            });
        try {
            const init = { method: request.method, headers, body, signal: controller.signal as never, redirect: "manual" as const, size: MAX_RESPONSE_BYTES };
            response = await fetch(url, init);
            text = await readCapped(response, () => controller.abort());
        } catch (error) {
            const failure = this.networkError(request.operation, error, signal);
            report(failure instanceof DcsNetworkError ? failure.code : failure.name);
            throw failure;
        } finally {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
        }
        if (response.status !== 429) this.options.budget?.succeeded();
        const requestIdHeader = response.headers.get("x-request-id");
        const requestId = requestIdHeader ? this.scrubber.clean(requestIdHeader, MAX_ID_CHARS) : undefined;
        report(response.status, requestId);
        if (text === undefined) return this.tooLarge(request, response, requestId);
        const parsed = parseBody(text);
        // A 2xx is returned whatever its body: DCS acted, and only the caller knows what the body must hold.
        if (response.status >= 200 && response.status < 300) return { status: response.status, body: parsed.value, requestId };
        throw this.apiError(request, response, parsed.value, requestId);
    }

    private url(request: DcsRequest): string {
        const url = new URL(this.connection.endpoint + request.path);
        for (const [key, value] of Object.entries(request.query ?? {})) {
            if (value !== undefined) url.searchParams.set(key, String(value));
        }
        return url.toString();
    }

    private headers(method: string, url: string, body: string | undefined): Record<string, string> {
        const base: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
        if (body === undefined && method === "GET") delete base["Content-Type"];
        const credentials = this.connection.credentials;
        const signed = "token" in credentials ? { ...base, "X-Auth-Token": credentials.token } : signRequest({ method, url, headers: base, body }, credentials);
        // Added after signing, like the Go SDK, so the signature covers only what every gateway accepts.
        return { ...signed, Accept: "application/json", "User-Agent": this.options.userAgent };
    }

    /**
     * A body over the cap. A 2xx to a trigger (any non-GET) is returned without its body: DCS acted,
     * and an error would pass through `sendTrigger` as a refusal (recorded as not sent); without a
     * body it ends as accepted (`AmbiguousTriggerError` with `accepted: true` when a job id was
     * expected). Everything else throws, classified by status, so a read's 2xx is `permanent`: the
     * same answer would come back, and retrying it would only fetch another megabyte.
     */
    private tooLarge(request: DcsRequest, response: Response, requestId?: string): DcsResponse {
        const status = response.status;
        if (status >= 200 && status < 300 && request.method !== "GET") return { status, body: undefined, requestId, bodyTooLarge: true };
        throw new DcsResponseTooLargeError(
            {
                operation: request.operation,
                method: request.method,
                path: request.path,
                status,
                requestId,
                errorClass: classifyError(status),
                retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
            },
            MAX_RESPONSE_BYTES,
        );
    }

    private apiError(request: DcsRequest, response: Response, body: unknown, requestId?: string): DcsApiError {
        const fields = errorFields(body);
        const errorMsg =
            fields.message !== undefined
                ? this.scrubber.clean(fields.message, MAX_ERROR_MSG_CHARS)
                : typeof body === "string"
                  ? this.scrubber.clean(body, MAX_ERROR_TEXT_CHARS)
                  : undefined;
        const rawCode = fields.code === undefined ? undefined : this.scrubber.clean(fields.code, MAX_ID_CHARS);
        // Exposed normalised (`DCS. 4855` → `DCS.4855`, `APIGW.` → `APIG.`) so callers can compare it with ===.
        const errorCode = normaliseErrorCode(rawCode);
        return new DcsApiError({
            operation: request.operation,
            method: request.method,
            path: request.path,
            status: response.status,
            errorCode,
            errorMsg,
            requestId,
            errorClass: classifyError(response.status, errorCode),
            retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        });
    }

    private networkError(operation: string, error: unknown, callerSignal?: AbortSignal): DcsAbortedError | DcsNetworkError {
        if (callerSignal?.aborted) return DcsAbortedError.bySignal(`DCS ${operation}`, callerSignal);
        const e = error as { type?: string; name?: string; message?: string };
        if (e?.name === "AbortError" || e?.type === "aborted") {
            return new DcsNetworkError(operation, "ETIMEDOUT", true, `no answer within ${this.options.requestTimeoutMs} ms`);
        }
        const code = (e as { code?: string })?.code ?? "EUNKNOWN";
        return new DcsNetworkError(operation, code, !NOT_SENT_CODES.has(code), this.scrubber.scrub(String(e?.message ?? error)));
    }
}

/**
 * The body as text, or undefined when it is over `MAX_RESPONSE_BYTES`; then `abort` closes the
 * connection, since node-fetch stops keeping an oversized body but would go on reading it.
 */
async function readCapped(response: Response, abort: () => void): Promise<string | undefined> {
    // A declared length is checked first so that nothing is read; compressed bodies are counted instead.
    const declared = Number(response.headers.get("content-length"));
    const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
    if (!encoded && declared > MAX_RESPONSE_BYTES) {
        // Aborting emits an error on the unread body stream; unhandled, it would crash the process.
        response.body.on("error", () => undefined);
        abort();
        return undefined;
    }
    try {
        return await response.text();
    } catch (error) {
        if ((error as { type?: string }).type !== "max-size") throw error;
        abort();
        return undefined;
    }
}

/**
 * Code and message of an error body: `{error_code, error_msg}` (v2), `{error: {code, message}}`
 * (legacy v1) or `{code, message}`. Numbers are accepted as codes.
 */
function errorFields(body: unknown): { code?: string; message?: string } {
    const o = asRecord(body);
    const legacy = asRecord(o.error);
    return {
        code: stringOf(o.error_code) ?? stringOf(legacy.code) ?? stringOf(o.code),
        message: stringOf(o.error_msg) ?? stringOf(legacy.message) ?? stringOf(o.message),
    };
}

function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringOf(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

function parseBody(text: string): { value: unknown } {
    if (text.trim() === "") return { value: undefined };
    try {
        return { value: JSON.parse(text) };
    } catch {
        return { value: text };
    }
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds. */
function parseRetryAfter(value: string | null): number | undefined {
    if (!value) return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
