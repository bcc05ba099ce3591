// Shared helpers for the simulator tests. The `.test.ts` suffix keeps this file out of the
// published build (tsconfig excludes *.test.ts); mocha loads it too, but it declares no tests.
import { signRequest } from "../provider/dcs/signer";
import { RunningSimulator } from "./index";

export const INSTANCE = "5560df16-cebf-4473-95c4-d1b573c16e79";
export const OTHER_INSTANCE = "0f3a2b1c-1111-4222-8333-944455556666";

export interface Answer {
    status: number;
    headers: Headers;
    text: string;
    /** Parsed body, or undefined when empty or not JSON. */
    json: any;
}

export interface CallOptions {
    /** A string is sent as is; anything else as JSON. */
    body?: unknown;
    /** "aksk" (default) signs with the simulator's keys; "token" sends X-Auth-Token. */
    auth?: "aksk" | "token" | "none";
    credentials?: { accessKey: string; secretKey: string };
    token?: string;
    /** Signing time (X-Sdk-Date). */
    signedAt?: Date;
    /** Applied after signing (to tamper with a signed request). */
    after?: (headers: Record<string, string>) => Record<string, string>;
    /** Body actually sent, when it should differ from the signed one. */
    sentBody?: string;
}

/** `/v2/{project}` of this simulator. */
export function v2(sim: RunningSimulator): string {
    return `/v2/${sim.projectId}`;
}

/** One real HTTP request to the simulator, signed like the provider's transport signs it. */
export async function call(sim: RunningSimulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const url = sim.url + path;
    const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    let headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json;charset=UTF-8" };
    const auth = options.auth ?? "aksk";
    if (auth === "aksk") headers = signRequest({ method, url, headers, body }, options.credentials ?? sim.credentials, options.signedAt);
    if (auth === "token") headers = { ...headers, "X-Auth-Token": options.token ?? sim.token };
    if (options.after) headers = options.after(headers);
    const response = await fetch(url, { method, headers, body: options.sentBody ?? body });
    const text = await response.text();
    let json: unknown;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
}

/** Admin endpoint call (no auth). */
export async function admin(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${sim.url}/__admin/${path}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts an async swap and returns its job id (asserting that it was accepted). */
export async function startSwap(sim: RunningSimulator, instanceId = INSTANCE): Promise<string> {
    const answer = await call(sim, "PUT", `${v2(sim)}/instances/${instanceId}/async-swap`);
    if (answer.status !== 200) throw new Error(`async-swap answered ${answer.status}: ${answer.text}`);
    return answer.json.job_id;
}

/** The error a rejected fetch carries (undici wraps socket errors in `cause`). */
export async function networkFailure(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        const e = error as { cause?: { code?: string; message?: string }; message?: string };
        return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
    }
    throw new Error("expected the request to fail at the network level");
}

/** ListBackgroundTask's `yyyyMMddHHmmss` (UTC) for an epoch-ms time. */
export function taskTime(ms: number): string {
    return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** GET …/tasks of an instance, with an optional query string ("limit=5&offset=1"). */
export function listTasks(sim: RunningSimulator, query = "", instanceId = INSTANCE): Promise<Answer> {
    return call(sim, "GET", `${v2(sim)}/instances/${instanceId}/tasks${query ? `?${query}` : ""}`);
}
