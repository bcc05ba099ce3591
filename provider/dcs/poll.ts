/**
 * The package's one polling loop, after smithy's `runPolling`: wait, look, decide, until a look
 * says done or the deadline comes. Each caller brings its look and its schedule (named in its
 * layer's `defaults.ts`); the loop owns the clock, the deadline and the signal, so no caller
 * sleeps past its deadline or forgets the last look.
 */
import { Clock } from "./sleep";

/** What one look decided. */
export type PollStep<T, S = never> =
    /** Finished: `value` is what the poll resolves with. */
    | { state: "done"; value: T }
    /**
     * Not yet. `delayMs`: the wait before the next look (the schedule's `delayMs` otherwise);
     * `seen`: what this look learned, handed back if the deadline comes first.
     */
    | { state: "retry"; delayMs?: number; seen?: S };

/** How a poll ended: a look said done, or the deadline came (with what the last look saw). */
export type PollResult<T, S = never> = { state: "done"; value: T; looks: number } | { state: "timeout"; looks: number; seen?: S };

/** Options of `poll`. */
export interface PollOptions {
    clock: Clock;
    /** Absolute time on `clock` by which the poll ends. */
    deadline: number;
    signal?: AbortSignal;
    /** The wait before look `n` (0-based) when the previous look named none; `elapsedMs` since the poll began. */
    delayMs(n: number, elapsedMs: number): number;
    /** The last look is taken this long before the deadline (default 0: right at it). */
    lastLookMarginMs?: number;
}

/**
 * Looks until `look` says done, waiting between looks as scheduled. A wait that would end past the
 * deadline (less `lastLookMarginMs`) is cut short, and the look after it is the last: its `last`
 * argument is true, and the poll times out if it does not say done; so does a look that itself
 * ended past that time. A deadline already passed
 * still gets that one look. A look that throws ends the poll with its error; the signal ends a wait
 * with `DcsAbortedError`.
 */
export async function poll<T, S = never>(look: (n: number, last: boolean) => Promise<PollStep<T, S>>, options: PollOptions): Promise<PollResult<T, S>> {
    const { clock } = options;
    const start = clock.now();
    const end = options.deadline - (options.lastLookMarginMs ?? 0);
    let named: number | undefined;
    for (let n = 0; ; n++) {
        const now = clock.now();
        let delay = named ?? options.delayMs(n, now - start);
        const last = now + delay >= end;
        if (last) delay = Math.max(0, end - now);
        if (delay > 0) await clock.sleep(delay, options.signal);
        const step = await look(n, last);
        if (step.state === "done") return { state: "done", value: step.value, looks: n + 1 };
        // A look that ended at or past the end was the last one, cut short or not.
        if (last || clock.now() >= end) return { state: "timeout", looks: n + 1, seen: step.seen };
        named = step.delayMs;
    }
}
