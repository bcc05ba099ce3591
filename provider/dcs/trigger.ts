import { DcsAbortedError, DcsApiError, DcsNetworkError, normaliseErrorCode } from "./errors";
import { waitForInstanceReady } from "./instance-ready";
import { DcsBackgroundTask, DcsInstance, parseJobId } from "./models";
import { RetryOptions, backoffDelay } from "./retry";
import { Clock } from "./sleep";
import { DcsRequest, DcsResponse } from "./transport";

/** A call that starts a DCS operation. Such calls are not idempotent: a replayed swap swaps back. */
export interface TriggerSpec {
    request: DcsRequest;
    /** The instance concerned; without one, a busy answer cannot be waited out and is final. */
    instanceId?: string;
    /** Background-task name that proves the call was accepted (`masterStandbySwapJob`). */
    taskName?: string;
    /** True only when a replay cannot change the outcome (setting a flag to a fixed value). */
    replaySafe: boolean;
    /** Error codes that mean "already in the wanted state": success without a job. */
    noChangeCodes?: readonly string[];
    /** Whether the success answer must carry a job id (false for the synchronous swap's 204). */
    expectJobId: boolean;
}

/** How a trigger ended. */
export interface TriggerResult {
    /** Job to wait for; absent for `noChange`, the sync swap, and a task adopted without a job id. */
    jobId?: string;
    /** The instance was already in the wanted state (e.g. DCS.4847); nothing was started. */
    noChange: boolean;
    /** Set when an ambiguous failure was resolved by finding our operation among the background tasks. */
    adoptedTask?: DcsBackgroundTask;
    /** Requests sent, including the successful one. */
    attempts: number;
}

/** Progress notes for logs: why the trigger is waiting or retrying. */
export type TriggerEvent =
    | { kind: "busy"; error: DcsApiError }
    | { kind: "waiting-for-instance"; instance: DcsInstance }
    | { kind: "throttled"; delayMs: number }
    | { kind: "not-sent"; error: DcsNetworkError; delayMs: number }
    | { kind: "ambiguous"; error: Error }
    | { kind: "adopted"; task: DcsBackgroundTask };

export interface TriggerContext {
    send(request: DcsRequest, signal?: AbortSignal): Promise<DcsResponse>;
    showInstance(): Promise<DcsInstance>;
    /** Background tasks created at or after `sinceMs` (epoch ms). */
    listTasks(sinceMs: number): Promise<DcsBackgroundTask[]>;
    clock: Clock;
    deadline: number;
    signal?: AbortSignal;
    retry: RetryOptions;
    maxAttempts: number;
    /** How long to keep looking for our task after an ambiguous failure before concluding it was not accepted. */
    ambiguityGraceMs: number;
    /** Tolerated clock difference between us and DCS when matching task creation times. */
    clockSkewMs: number;
    onThrottled?: (delayMs: number) => void;
    onEvent?: (event: TriggerEvent) => void;
    /** Called when DCS answers busy, before waiting; throw to stop (e.g. the instance runs a conflicting operation). */
    onBusy?: (error: DcsApiError) => Promise<void>;
    random?: () => number;
}

/** The trigger was answered ambiguously and could not be proven unaccepted, so it was not replayed. */
export class AmbiguousTriggerError extends DcsAbortedError {
    constructor(
        readonly operation: string,
        readonly instanceId: string | undefined,
        cause: Error,
    ) {
        super(
            `${operation}${instanceId ? ` on instance ${instanceId}` : ""}: the request may have been accepted (${cause.message}); it was not replayed because the call is not idempotent`,
            { cause },
        );
    }
}

/**
 * Sends a trigger and retries it only when DCS certainly did not accept it: a busy code (after
 * waiting until the instance is RUNNING with no task), a 429, or a connection that never opened.
 * After an ambiguous failure (timeout, reset after sending, 5xx) it looks for the operation in the
 * instance's background tasks and adopts it; it replays only after that look comes back empty.
 */
export async function triggerSafely(spec: TriggerSpec, ctx: TriggerContext): Promise<TriggerResult> {
    let ambiguousSince: number | undefined;
    let lookedOnce = false;
    let lastError: unknown;
    // Throttled and refused attempts are bounded by the deadline alone: they prove DCS did nothing,
    // and a busy gateway is no reason to give up while time remains. The rest count against maxAttempts.
    let counted = 0;
    for (let attempt = 0; counted < ctx.maxAttempts; attempt++) {
        if (ambiguousSince !== undefined) {
            const task = await findOwnTask(spec, ctx, ambiguousSince, lookedOnce ? 0 : ctx.ambiguityGraceMs, lastError as Error);
            lookedOnce = true;
            if (task) {
                ctx.onEvent?.({ kind: "adopted", task });
                return { jobId: task.jobId, noChange: false, adoptedTask: task, attempts: attempt };
            }
        }
        if (ctx.clock.now() >= ctx.deadline) break;
        const sentAt = ctx.clock.now();
        try {
            const response = await ctx.send(spec.request, ctx.signal);
            return { ...acceptedResult(spec, response), attempts: attempt + 1 };
        } catch (error) {
            lastError = error;
            if (error instanceof DcsAbortedError) throw error;
            if (error instanceof DcsApiError) {
                const code = normaliseErrorCode(error.errorCode);
                if (code && spec.noChangeCodes?.includes(code)) return { noChange: true, attempts: attempt + 1 };
                if (error.errorClass === "busy" && spec.instanceId !== undefined) {
                    counted++;
                    ctx.onEvent?.({ kind: "busy", error });
                    await ctx.onBusy?.(error);
                    await waitForInstanceReady(ctx.showInstance, {
                        clock: ctx.clock,
                        deadline: ctx.deadline,
                        signal: ctx.signal,
                        onWaiting: (instance) => ctx.onEvent?.({ kind: "waiting-for-instance", instance }),
                    }).catch((waitError) => {
                        throw waitError instanceof DcsAbortedError && !ctx.signal?.aborted ? error : waitError;
                    });
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
            // Ambiguous: a 5xx or a failure after the request may have reached DCS.
            counted++;
            ctx.onEvent?.({ kind: "ambiguous", error: error as Error });
            if (spec.replaySafe) {
                await sleepWithin(ctx, backoffDelay(attempt, "transient", ctx.retry, undefined, ctx.random), error);
                continue;
            }
            if (!spec.taskName) throw new AmbiguousTriggerError(spec.request.operation, spec.instanceId, error as Error);
            ambiguousSince ??= sentAt;
        }
    }
    if (ambiguousSince !== undefined) throw new AmbiguousTriggerError(spec.request.operation, spec.instanceId, lastError as Error);
    throw lastError ?? new DcsAbortedError(`${spec.request.operation} (deadline reached before the first attempt)`);
}

function acceptedResult(spec: TriggerSpec, response: DcsResponse): Omit<TriggerResult, "attempts"> {
    if (!spec.expectJobId) return { noChange: false };
    const jobId = parseJobId(response.body);
    if (!jobId) {
        // Accepted but unusable: never retry (that would start a second operation); report clearly.
        throw new DcsNetworkError(spec.request.operation, "ENOJOBID", true, `HTTP ${response.status} answer has no job_id; the operation may be running`);
    }
    return { jobId, noChange: false };
}

/** Looks for our task for up to `graceMs`; undefined when it is certainly not there. */
async function findOwnTask(spec: TriggerSpec, ctx: TriggerContext, sentAt: number, graceMs: number, cause: Error): Promise<DcsBackgroundTask | undefined> {
    const since = sentAt - ctx.clockSkewMs;
    const giveUpAt = Math.min(ctx.deadline, ctx.clock.now() + graceMs);
    let sawList = false;
    for (let look = 0; ; look++) {
        try {
            const tasks = await ctx.listTasks(since);
            sawList = true;
            const own = tasks
                .filter((t) => t.name === spec.taskName && (t.createdAt === undefined || t.createdAt >= since))
                .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
            if (own) return own;
        } catch (error) {
            if (error instanceof DcsAbortedError) throw error;
        }
        const next = ctx.clock.now() + Math.min(5000, 1000 * 2 ** look);
        if (next > giveUpAt) break;
        await ctx.clock.sleep(next - ctx.clock.now(), ctx.signal);
    }
    // Without one successful look we cannot tell; replaying would risk a second operation.
    if (!sawList) throw new AmbiguousTriggerError(spec.request.operation, spec.instanceId, cause);
    return undefined;
}

async function sleepWithin(ctx: TriggerContext, delayMs: number, error: unknown): Promise<void> {
    if (ctx.clock.now() + delayMs >= ctx.deadline) throw error;
    await ctx.clock.sleep(delayMs, ctx.signal);
}
