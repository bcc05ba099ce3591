import { DcsErrorClass } from "./errors";
import { Clock } from "./sleep";

/** How reads are retried. All delays in milliseconds. */
export interface RetryOptions {
    /** Attempts including the first; 1 disables retries. */
    maxAttempts: number;
    /** Backoff base for transient errors (5xx, resets, timeouts). */
    baseDelayMs: number;
    /** Backoff base for throttling (429): the gateway needs longer to recover. */
    throttleBaseDelayMs: number;
    /** Cap of one backoff delay. */
    maxDelayMs: number;
    /** Cap on a server's Retry-After, so a bogus hint cannot stall a deployment. */
    maxRetryAfterMs: number;
}

/**
 * Full-jitter exponential backoff: uniform in [0, min(cap, base·2^retry)]. A Retry-After hint
 * (capped) is a floor, never a ceiling, so we do not come back before the server asked.
 */
export function backoffDelay(
    retry: number,
    errorClass: DcsErrorClass | "network",
    options: RetryOptions,
    retryAfterMs: number | undefined,
    random: () => number = Math.random,
): number {
    const base = errorClass === "throttled" ? options.throttleBaseDelayMs : options.baseDelayMs;
    const jittered = random() * Math.min(options.maxDelayMs, base * 2 ** retry);
    if (retryAfterMs === undefined) return jittered;
    return Math.max(jittered, Math.min(retryAfterMs, options.maxRetryAfterMs));
}

/** What a retry decision needs to know about a failure. */
export interface RetryDecision {
    retry: boolean;
    errorClass: DcsErrorClass | "network";
    retryAfterMs?: number;
}

interface RetryContext {
    options: RetryOptions;
    clock: Clock;
    signal?: AbortSignal;
    /** Absolute epoch-ms deadline; no sleep is started that would end after it. */
    deadline?: number;
    random?: () => number;
    /** Called before each backoff sleep, e.g. to slow a shared request budget on 429. */
    onRetry?: (error: unknown, delayMs: number, decision: RetryDecision) => void;
}

/**
 * Runs `attempt` until it succeeds, `classify` says stop, attempts run out, or the next sleep
 * would cross the deadline; then rethrows the last error unchanged.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, classify: (error: unknown) => RetryDecision, ctx: RetryContext): Promise<T> {
    for (let n = 0; ; n++) {
        try {
            return await attempt(n);
        } catch (error) {
            const decision = classify(error);
            if (!decision.retry || n + 1 >= ctx.options.maxAttempts) throw error;
            const delay = backoffDelay(n, decision.errorClass, ctx.options, decision.retryAfterMs, ctx.random);
            if (ctx.deadline !== undefined && ctx.clock.now() + delay >= ctx.deadline) throw error;
            ctx.onRetry?.(error, delay, decision);
            await ctx.clock.sleep(delay, ctx.signal);
        }
    }
}
