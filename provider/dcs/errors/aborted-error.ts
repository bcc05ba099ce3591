import { DcsError } from "./dcs-error";

/** Why a call or wait stopped early: the caller's AbortSignal fired, or the deadline it was given passed. */
export type DcsAbortReason = "signal" | "deadline";

/**
 * A call or wait stopped before it finished. `reason` tells a cancellation (`"signal"`: the caller
 * wants out, stop everything) from running out of time (`"deadline"`: the caller may still report
 * what it knows). For `"signal"`, `cause` is the signal's own reason.
 */
export class DcsAbortedError extends DcsError {
    readonly reason: DcsAbortReason;

    constructor(what: string, reason: DcsAbortReason, options?: { cause?: unknown }) {
        super(`${what} stopped because ${reason === "deadline" ? "its deadline passed" : `the caller's signal fired${signalReason(options?.cause)}`}`, options);
        this.reason = reason;
    }

    /** The error for `what` once `signal` has fired, carrying the signal's reason as `cause`. */
    static bySignal(what: string, signal: AbortSignal | undefined): DcsAbortedError {
        return new DcsAbortedError(what, "signal", { cause: signal?.reason });
    }

    /**
     * For a catch that records or ignores failures: an abort goes on (the caller wants out, or time is
     * up), anything else comes back to be handled.
     */
    static passOn(error: unknown): unknown {
        if (error instanceof DcsAbortedError) throw error;
        return error;
    }
}

/** ": <reason>" when the signal was given one; nothing for the default AbortError, which says no more than "aborted". */
function signalReason(reason: unknown): string {
    if (reason === undefined || (reason instanceof Error && reason.name === "AbortError")) return "";
    const text = reason instanceof Error ? reason.message : String(reason);
    return text ? `: ${text}` : "";
}
