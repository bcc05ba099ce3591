/** Waiting for an operation known by job or task id, and deciding one DCS no longer shows. */
import { DcsApiError, normaliseErrorCode, JOB_STATUS } from "../dcs";
import { JobFailedError, JobReader, JobTimeoutError, waitForJob } from "../jobs";
import { OperationError } from "./errors";
import { IdentifiedRecord, OperationRecord } from "./record";
import { Run, graceMs, isListed, unidentifiedError } from "./run";
import { finish, notSwapped, rolesSinceIntent, swappedByRoles } from "./switchover";
import { TaskGoneError, taskReader } from "./task-reader";

/** Waits for the job (or, without a job id, the background task) the record names, then finishes it. */
export async function wait(run: Run, record: IdentifiedRecord, resumed: boolean): Promise<OperationRecord> {
    const { ports, options } = run;
    const { reader, id } = followed(run, record);
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
        if (error instanceof JobFailedError) last = { ...record, status: JOB_STATUS.FAIL, job: error.job };
        else if (error instanceof JobTimeoutError && error.lastJob) last = { ...record, status: error.lastJob.status, job: error.lastJob };
        throw new OperationError(last, error as Error);
    }
}

/** What to poll: the job by id, else the task through the task list (a task-only record comes from a listed operation). */
function followed(run: Run, record: IdentifiedRecord): { reader: JobReader; id: string } {
    if (record.jobId !== undefined) return { reader: run.ports.jobs, id: record.jobId };
    const taskId = record.taskId;
    if (taskId === undefined || !isListed(run))
        throw new OperationError(record, unidentifiedError(run, record.sentAt, "its record names no job, and no background task this operation can follow"));
    const { ports, target } = run;
    return { reader: taskReader(ports.tasks, target.instanceId, target.taskName, { clock: ports.clock, goneAfterMs: graceMs(run) }), id: taskId };
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
        throw notSwapped(run, record, roles.master, `${what}, and`);
    }
    throw new OperationError(record, unidentifiedError(run, record.sentAt, `${what}, so whether it took effect cannot be read any more`, cause));
}
