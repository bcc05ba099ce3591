import { Counters, Operation } from "../../simulator";

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
