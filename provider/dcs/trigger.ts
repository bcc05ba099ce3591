import { AmbiguousTriggerError, DcsAbortedError, DcsApiError, DcsNetworkError, DcsResponseError, normaliseErrorCode } from "./errors";
import { waitForInstanceReady } from "./instance-ready";
import { DcsInstance, parseJobId } from "./models";
import { RetryOptions, backoffDelay } from "./retry";
import { Clock, wallNow } from "./sleep";
import { DcsRequest, DcsResponse } from "./transport";

/** A call that starts a DCS operation. Such calls are not idempotent: a replayed swap swaps back. */
export interface TriggerSpec {
    request: DcsRequest;
    /** The instance concerned; without one, a busy answer cannot be waited out and is final. */
    instanceId?: string;
    /** True only when a replay cannot change the outcome (setting a flag to a fixed value). */
    replaySafe: boolean;
    /** Error codes that mean "already in the wanted state": success without a job. */
    noChangeCodes?: readonly string[];
    /** Whether the success answer must carry a job id (false for the synchronous swap's 204). */
    expectJobId: boolean;
}

/** A trigger DCS accepted, or found unnecessary. */
export interface TriggerResult {
    /** Job to wait for; absent for `noChange` and for the synchronous swap. */
    jobId?: string;
    /** The instance was already in the wanted state (e.g. DCS.4847); nothing was started. */
    noChange: boolean;
    /** Requests sent, including the accepted one. */
    attempts: number;
    /** Local wall-clock epoch ms when the accepted request was sent. */
    sentAt: number;
}

/** Progress notes for logs: why the trigger is waiting or retrying. */
export type TriggerEvent =
    | { kind: "busy"; error: DcsApiError }
    | { kind: "waiting-for-instance"; instance: DcsInstance }
    | { kind: "throttled"; delayMs: number }
    | { kind: "not-sent"; error: DcsNetworkError; delayMs: number }
    | { kind: "ambiguous"; error: Error };

export interface TriggerContext {
    send(request: DcsRequest, signal?: AbortSignal): Promise<DcsResponse>;
    showInstance(): Promise<DcsInstance>;
    clock: Clock;
    deadline: number;
    signal?: AbortSignal;
    retry: RetryOptions;
    /** Bound on busy waits and replays of replay-safe calls; throttled and refused attempts are bounded by the deadline. */
    maxAttempts: number;
    onThrottled?: (delayMs: number) => void;
    onEvent?: (event: TriggerEvent) => void;
    /** Called when DCS answers busy, before waiting; throw to stop (e.g. the instance runs a conflicting operation). */
    onBusy?: (error: DcsApiError) => Promise<void>;
    /** Called right before every attempt, after any wait (busy, throttled); throw to send nothing more. */
    beforeAttempt?: () => void;
    random?: () => number;
}

/**
 * Sends a trigger, and sends it again only when DCS certainly did not act on it: a busy code
 * (after waiting until the instance is RUNNING with no task), a 429, or a connection that never
 * opened. Any other answer that may have started an operation — a 2xx without a job id, any 5xx,
 * a timeout or a reset after sending — ends in `AmbiguousTriggerError`, for the caller to
 * identify the operation before anything is sent again. Replay-safe calls are the exception.
 */
export async function sendTrigger(spec: TriggerSpec, ctx: TriggerContext): Promise<TriggerResult> {
    let lastError: unknown;
    let counted = 0;
    for (let attempt = 0; counted < ctx.maxAttempts; attempt++) {
        if (ctx.clock.now() >= ctx.deadline) break;
        ctx.beforeAttempt?.();
        // Persisted (state, journal, messages): wall time, unlike the deadline.
        const sentAt = wallNow(ctx.clock);
        let response: DcsResponse;
        try {
            response = await ctx.send(spec.request, ctx.signal);
        } catch (error) {
            lastError = DcsAbortedError.passOn(error);
            if (error instanceof DcsApiError) {
                const code = normaliseErrorCode(error.errorCode);
                if (code && spec.noChangeCodes?.includes(code)) return { noChange: true, attempts: attempt + 1, sentAt };
                if (error.errorClass === "busy" && spec.instanceId !== undefined) {
                    counted++;
                    await waitOutBusy(spec, ctx, error, counted >= ctx.maxAttempts);
                    continue;
                }
                if (error.errorClass === "throttled") {
                    const delayMs = backoffDelay(attempt, "throttled", ctx.retry, error.retryAfterMs, ctx.random);
                    ctx.onThrottled?.(delayMs);
                    ctx.onEvent?.({ kind: "throttled", delayMs });
                    await sleepWithin(ctx, delayMs, error);
                    continue;
                }
                if (error.errorClass !== "transient") throw error;
            } else if (error instanceof DcsNetworkError && !error.maybeSent) {
                const delayMs = backoffDelay(attempt, "network", ctx.retry, undefined, ctx.random);
                ctx.onEvent?.({ kind: "not-sent", error, delayMs });
                await sleepWithin(ctx, delayMs, error);
                continue;
            } else if (!(error instanceof DcsNetworkError)) {
                throw error;
            }
            ctx.onEvent?.({ kind: "ambiguous", error: error as Error });
            if (!spec.replaySafe) {
                throw new AmbiguousTriggerError({ operation: spec.request.operation, instanceId: spec.instanceId, sentAt, accepted: false }, error as Error);
            }
            counted++;
            // A wait after the last counted attempt could lead to no send; it would only delay the failure.
            if (counted < ctx.maxAttempts) await sleepWithin(ctx, backoffDelay(attempt, "transient", ctx.retry, undefined, ctx.random), error);
            continue;
        }
        if (!spec.expectJobId) return { noChange: false, attempts: attempt + 1, sentAt };
        const jobId = parseJobId(response.body);
        if (jobId) return { jobId, noChange: false, attempts: attempt + 1, sentAt };
        // Accepted but unusable: never sent again, whatever kind of call it is.
        const cause = new DcsResponseError({
            operation: spec.request.operation,
            status: response.status,
            requestId: response.requestId,
            problem: response.bodyTooLarge ? "was over the response size limit, so its job_id was not read" : "has no job_id",
        });
        throw new AmbiguousTriggerError({ operation: spec.request.operation, instanceId: spec.instanceId, sentAt, accepted: true }, cause);
    }
    // Nothing was sent when the deadline had passed before the first attempt.
    throw lastError ?? new DcsAbortedError(`DCS ${spec.request.operation}`, "deadline");
}

/** `onBusy` may turn a busy answer into a better error; after the last attempt there is nothing to wait for. */
async function waitOutBusy(spec: TriggerSpec, ctx: TriggerContext, error: DcsApiError, last: boolean): Promise<void> {
    ctx.onEvent?.({ kind: "busy", error });
    await ctx.onBusy?.(error);
    if (last) return;
    await waitForInstanceReady(ctx.showInstance, {
        clock: ctx.clock,
        deadline: ctx.deadline,
        signal: ctx.signal,
        onWaiting: (instance) => ctx.onEvent?.({ kind: "waiting-for-instance", instance }),
    }).catch((waitError) => {
        // Running out of time while the instance stays busy reports the busy answer; a fired signal stays an abort.
        throw waitError instanceof DcsAbortedError && waitError.reason === "deadline" ? error : waitError;
    });
}

async function sleepWithin(ctx: TriggerContext, delayMs: number, error: unknown): Promise<void> {
    if (ctx.clock.now() + delayMs >= ctx.deadline) throw error;
    await ctx.clock.sleep(delayMs, ctx.signal);
}
