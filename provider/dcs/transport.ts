import fetch, { Response } from "node-fetch";
import { ResolvedConnection } from "./config";
import { DcsAbortedError, DcsApiError, DcsNetworkError, classifyError } from "./errors";
import { RequestBudget } from "./request-budget";
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
}

export interface TransportOptions {
    requestTimeoutMs: number;
    budget?: RequestBudget;
    userAgent: string;
}

// Connection-level codes that prove the request never reached a server.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

/** Sends single signed requests and turns every failure into a typed error. No retries here. */
export class DcsTransport {
    private readonly secrets: string[];

    constructor(
        private readonly connection: ResolvedConnection,
        private readonly options: TransportOptions,
    ) {
        const c = connection.credentials;
        this.secrets = ("token" in c ? [c.token] : [c.secretKey, c.securityToken ?? ""]).filter((s) => s.length >= 4);
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
        let text: string;
        try {
            response = await fetch(url, { method: request.method, headers, body, signal: controller.signal as never, redirect: "manual" });
            text = await response.text();
        } catch (error) {
            throw this.networkError(request.operation, error, signal);
        } finally {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
        }
        if (response.status !== 429) this.options.budget?.succeeded();
        const requestId = response.headers.get("x-request-id") ?? undefined;
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

    private apiError(request: DcsRequest, response: Response, body: unknown, requestId?: string): DcsApiError {
        const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
        const errorCode = typeof o.error_code === "string" ? o.error_code : typeof o.code === "string" ? o.code : undefined;
        const rawMsg =
            typeof o.error_msg === "string"
                ? o.error_msg
                : typeof o.message === "string"
                  ? o.message
                  : typeof body === "string"
                    ? body.slice(0, 300)
                    : undefined;
        return new DcsApiError({
            operation: request.operation,
            method: request.method,
            path: request.path,
            status: response.status,
            errorCode,
            errorMsg: rawMsg === undefined ? undefined : this.scrub(rawMsg),
            requestId,
            errorClass: classifyError(response.status, errorCode),
            retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        });
    }

    private networkError(operation: string, error: unknown, callerSignal?: AbortSignal): Error {
        if (callerSignal?.aborted) return new DcsAbortedError(`DCS ${operation}`, { cause: callerSignal.reason });
        const e = error as { type?: string; name?: string; message?: string };
        if (e?.name === "AbortError" || e?.type === "aborted") {
            return new DcsNetworkError(operation, "ETIMEDOUT", true, `no answer within ${this.options.requestTimeoutMs} ms`);
        }
        const code = (e as { code?: string })?.code ?? "EUNKNOWN";
        return new DcsNetworkError(operation, code, !NOT_SENT_CODES.has(code), this.scrub(String(e?.message ?? error)));
    }

    /** Removes any credential that a server or library might echo back. */
    private scrub(text: string): string {
        let out = text;
        for (const secret of this.secrets) out = out.split(secret).join("[redacted]");
        return out.replace(/Signature=[0-9a-f]{64}/g, "Signature=[redacted]");
    }
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
export function parseRetryAfter(value: string | null): number | undefined {
    if (!value) return undefined;
    if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
