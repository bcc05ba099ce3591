import { Counters, Operation, RequestLogEntry } from "../../simulator";

/** The DCS calls that change something; an e2e step that must not act asserts none of these. */
export const WRITES: Operation[] = ["asyncSwap", "syncSwap", "clientIp", "ssl"];
export const NO_WRITES: Record<string, number> = Object.fromEntries(WRITES.map((op) => [op, 0]));

/** Requests per operation made between two counter snapshots (only the non-zero ones). */
export function requestDelta(before: Counters, after: Counters): Record<string, number> {
    const out: Record<string, number> = {};
    for (const op of new Set([...Object.keys(before.requests), ...Object.keys(after.requests)])) {
        const d = (after.requests[op] ?? 0) - (before.requests[op] ?? 0);
        if (d) out[op] = d;
    }
    return out;
}

/** The write calls of a delta, each named, zeros included. */
export function writeCalls(delta: Record<string, number>): Record<string, number> {
    return Object.fromEntries(WRITES.map((op) => [op, delta[op] ?? 0]));
}

/** The instance a request is about: `/v2/{project}/instances/{id}/…`, or the client-IP call's `/v2/{project}/{id}/…`. */
export function instanceOf(entry: RequestLogEntry): string | undefined {
    const path = entry.path.split("?")[0];
    return (/^\/v2\/[^/]+\/instances\/([^/]+)/.exec(path) ?? /^\/v2\/[^/]+\/([^/]+)\/client-ip-transparent-transmission$/.exec(path))?.[1];
}

/** Requests about `id` in `log` from position `since` on, per operation (non-zero only). */
export function requestsOn(log: readonly RequestLogEntry[], id: string, since: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const entry of log.slice(since)) if (instanceOf(entry) === id) out[entry.operation] = (out[entry.operation] ?? 0) + 1;
    return out;
}
