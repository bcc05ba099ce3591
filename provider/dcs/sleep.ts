import { DcsAbortedError } from "./errors";

/** Time source and sleeper; tests swap in a virtual clock. Deadlines throughout are epoch ms on `now()`. */
export interface Clock {
    now(): number;
    /** Rejects with `DcsAbortedError` (`reason: "signal"`) as soon as `signal` aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Sleeps `ms`, rejecting with `DcsAbortedError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(DcsAbortedError.bySignal("waiting", signal));
    return new Promise((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(DcsAbortedError.bySignal("waiting", signal));
        };
        const timer = setTimeout(
            () => {
                signal?.removeEventListener("abort", onAbort);
                resolve();
            },
            Math.max(0, ms),
        );
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep };
