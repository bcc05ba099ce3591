/** Waiting for an operation known by job or task id, and deciding one DCS no longer shows. */
import { DcsApiError, normaliseErrorCode } from "../dcs";
import { JobFailedError, JobTimeoutError, waitForJob } from "../jobs";
import { OperationError } from "./errors";
import { OperationRecord } from "./record";
import { Run, failedError, graceMs, journal, unidentifiedError } from "./run";
import { describeMaster, finish, rolesSinceIntent, swappedByRoles } from "./switchover";
import { TaskGoneError, taskReader } from "./task-reader";

export async function wait(run: Run, record: OperationRecord, resumed: boolean): Promise<OperationRecord> {
    const { ports, options, target } = run;
    const reader =
        record.jobId !== undefined
            ? ports.jobs
            : taskReader(ports.tasks, target.instanceId!, target.taskName!, { clock: ports.clock, goneAfterMs: graceMs(run) });
    const id = (record.jobId ?? record.taskId)!;
    try {
        const job = await waitForJob(reader, id, {
            deadline: options.deadline,
            pollPolicy: options.pollPolicy,
            // History times a job from its start; a resumed or adopted job started before this wait.
            expectedDurationMs: resumed ? undefined : options.expectedDurationMs,
            pollImmediately: resumed,
            clock: ports.clock,
            signal: ports.signal,
            random: options.random,
            onStatus: options.onStatus,
        });
        return await finish(run, { ...record, status: job.status, job });
    } catch (error) {
        if (error instanceof OperationError) throw error;
        if (isGone(error)) return decideGone(run, record, error as Error);
        let last = record;
        if (error instanceof JobFailedError) last = { ...record, status: "FAIL", job: error.job };
        else if (error instanceof JobTimeoutError && error.lastJob) last = { ...record, status: error.lastJob.status, job: error.lastJob };
        throw new OperationError(last, error as Error);
    }
}

/** DCS no longer shows the job (404 past its grace) or the task (retention): it ended, one way or the other. */
function isGone(error: unknown): boolean {
    return (
        error instanceof TaskGoneError ||
        (error instanceof DcsApiError && error.errorClass === "not-found" && normaliseErrorCode(error.errorCode) !== "APIG.0101")
    );
}

/**
 * A job or task DCS has forgotten is decided by the master where roles exist: changed, it swapped;
 * unchanged, it ended without effect (FAIL: a later run may send again). Elsewhere nothing can
 * tell, and the run stops with the record kept, for an operator to resolve.
 */
async function decideGone(run: Run, record: OperationRecord, cause: Error): Promise<OperationRecord> {
    const what = `DCS no longer shows ${record.jobId ? `job ${record.jobId}` : `background task ${record.taskId}`}`;
    const roles = run.target.switchover ? await rolesSinceIntent(run, record) : { verdict: "unknown" as const };
    if (roles.verdict === "swapped") return swappedByRoles(run, record, roles.master);
    if (roles.verdict === "not-swapped") {
        const failed: OperationRecord = { ...record, status: "FAIL", master: roles.master, masterChanged: false };
        journal(run, failed);
        throw new OperationError(failed, failedError(run, `${what}, and ${describeMaster(roles.master)} is still the master: it did not swap`));
    }
    throw new OperationError(record, unidentifiedError(run, record.sentAt, `${what}, so whether it took effect cannot be read any more`, cause));
}
