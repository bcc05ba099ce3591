import {
    Clock,
    DcsAbortedError,
    DcsApiError,
    DcsConfigError,
    DcsJobInfo,
    DcsNetworkError,
    DcsResponseError,
    JOB_STATUS,
    normaliseErrorCode,
    poll,
    systemClock,
} from "../dcs";
import { DEFAULT_NOT_FOUND_GRACE_MS, DEFAULT_POLL_POLICY, DEFAULT_TIMEOUT_MS, LAST_LOOK_MARGIN_MS, PollPolicy } from "./defaults";
import { JobFailedError, JobTimeoutError } from "./errors";
import { expectedPollDelay, validateExpectedDuration } from "./expected-schedule";
import { nextPollDelay, validatePollPolicy } from "./schedule";

/** The one client method the waiter needs, so tests and other callers can supply their own. */
export interface JobReader {
    showJob(jobId: string, options?: { signal?: AbortSignal; deadline?: number }): Promise<DcsJobInfo>;
}

/** Options of `waitForJob`. */
export interface WaitOptions {
    /**
     * Absolute epoch-ms deadline on `clock`, set once by whoever turned a timeout into it (a resource,
     * the CLI). Absent, the wait ends `DEFAULT_TIMEOUT_MS` after it starts: the default for direct callers.
     */
    deadline?: number;
    pollPolicy?: Partial<PollPolicy>;
    /**
     * How long the previous job of the same type on the same instance took (from state, or the instance's
     * background tasks): polls then gather around that time (expected-schedule.ts) instead of starting at 3 s.
     * 0 or absent = unknown. It counts from the start of this wait: when resuming a job that began earlier,
     * pass the time still expected, or nothing.
     */
    expectedDurationMs?: number;
    /** Skip the first delay, e.g. when resuming a job that started long ago. */
    pollImmediately?: boolean;
    signal?: AbortSignal;
    /** Called once per status change (not per poll) with the job and the time waited. */
    onStatus?: (job: DcsJobInfo, elapsedMs: number) => void;
    /** A 404 is tolerated this long after the wait started (DCS may not list a brand-new job yet). */
    notFoundGraceMs?: number;
    clock?: Clock;
    random?: () => number;
}

/**
 * Polls a DCS job until it ends. Resolves with the final job on SUCCESS; rejects with
 * `JobFailedError` on FAIL, `JobTimeoutError` at the deadline (after one last look just before
 * it), `DcsAbortedError` when the signal fires, and the client's error for auth/permanent errors.
 * Transient failures, unusable bodies and early 404s never end the wait on their own. Bad options
 * reject with `DcsConfigError` before the first poll.
 */
export async function waitForJob(client: JobReader, jobId: string, options: WaitOptions = {}): Promise<DcsJobInfo> {
    const clock = options.clock ?? systemClock;
    const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, ...options.pollPolicy };
    validatePollPolicy(policy);
    validateExpectedDuration(options.expectedDurationMs);
    // 0 means unknown, like absent: the default schedule.
    const expected = options.expectedDurationMs || undefined;
    const start = clock.now();
    const deadline = options.deadline ?? start + DEFAULT_TIMEOUT_MS;
    // A deadline already passed is allowed: the wait then takes its one last look and times out.
    if (!Number.isFinite(deadline)) throw new DcsConfigError("deadline", `must be a finite epoch-ms time, got ${deadline}`);
    const notFoundGraceMs = options.notFoundGraceMs ?? DEFAULT_NOT_FOUND_GRACE_MS;

    let lastJob: DcsJobInfo | undefined;
    let lastError: unknown;
    const result = await poll<DcsJobInfo>(
        async () => {
            try {
                const job = await client.showJob(jobId, { signal: options.signal, deadline });
                lastError = undefined;
                if (job.status !== lastJob?.status) options.onStatus?.(job, clock.now() - start);
                lastJob = job;
                if (job.status === JOB_STATUS.SUCCESS) return { state: "done", value: job };
                if (job.status === JOB_STATUS.FAIL) throw new JobFailedError(job);
            } catch (error) {
                if (!isTolerable(error, clock.now() - start, notFoundGraceMs)) throw error;
                lastError = error;
            }
            return { state: "retry" };
        },
        {
            clock,
            deadline,
            signal: options.signal,
            // Never sleep past the deadline: take one last look just before it instead.
            lastLookMarginMs: LAST_LOOK_MARGIN_MS,
            delayMs: (n, elapsed) => {
                const first = n === 0;
                if (first && options.pollImmediately) return 0;
                return expected ? expectedPollDelay(elapsed, expected, policy, options.random, first) : nextPollDelay(elapsed, policy, options.random, first);
            },
        },
    );
    if (result.state === "done") return result.value;
    throw new JobTimeoutError({ jobId, lastJob, lastError, startedAt: start, elapsedMs: clock.now() - start, deadline });
}

/**
 * True for failures that say nothing about the job: transient, throttled, busy, no answer, an
 * answer whose body cannot be used (the next one may be fine), or an early 404.
 */
function isTolerable(error: unknown, elapsedMs: number, notFoundGraceMs: number): boolean {
    if (error instanceof JobFailedError || error instanceof DcsAbortedError) return false;
    if (error instanceof DcsNetworkError || error instanceof DcsResponseError) return true;
    if (error instanceof DcsApiError) {
        // A busy answer to a read says the instance is working (on our job, most likely), not that the job is gone.
        if (error.errorClass === "transient" || error.errorClass === "throttled" || error.errorClass === "busy") return true;
        if (error.errorClass === "not-found" && normaliseErrorCode(error.errorCode) !== "APIG.0101") return elapsedMs <= notFoundGraceMs;
        return false;
    }
    return false;
}
