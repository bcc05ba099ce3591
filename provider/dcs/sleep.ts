import { DcsAbortedError } from "./errors";

/**
 * Time source and sleeper; tests swap in a virtual clock. Deadlines, graces and looks throughout are
 * ms on `now()`, which never steps; `wallNow()` is for the times that are persisted or shown.
 */
export interface Clock {
    /** Monotonic ms (epoch-like, but immune to wall-clock steps): what durations within a run are measured on. */
    now(): number;
    /** Wall-clock epoch ms, for times that outlive the process (a send time in state); `now()` when absent. */
    wallNow?(): number;
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

/**
 * Epoch-like ms that never step: the wall clock at process start plus the monotonic time since.
 * An NTP step or a VM resume moves `Date.now()`, and a 30 s grace measured on it could end at once.
 */
export function monotonicNow(): number {
    return performance.timeOrigin + performance.now();
}

/** Wall-clock ms of `clock`: its `wallNow()`, else its `now()` (virtual clocks have one timeline). */
export function wallNow(clock: Clock): number {
    return clock.wallNow ? clock.wallNow() : clock.now();
}

/** The real clock: monotonic `now()`, `Date.now()` as `wallNow()`. */
export const systemClock: Clock = { now: monotonicNow, wallNow: () => Date.now(), sleep };
