import { DcsBackgroundTask, DcsJobInfo, JOB_STATUS, hasEnded } from "../dcs";

/** Task statuses that mean the operation ended without effect. Anything unknown counts as running. */
const FAILED_TASK_STATUSES = new Set(["FAILED", JOB_STATUS.FAIL, "ERROR"]);

/** A background task's status in the job vocabulary: SUCCESS, FAIL, or the task's own in-flight status. */
export function taskJobStatus(status: string): string {
    if (status === JOB_STATUS.SUCCESS) return JOB_STATUS.SUCCESS;
    if (FAILED_TASK_STATUSES.has(status)) return JOB_STATUS.FAIL;
    return status || "UNKNOWN";
}

/**
 * Tasks of `taskName` that are not in `baseline` (the task ids listed before anything was sent)
 * and did not fail. Each one may be an operation we sent: it must be adopted, never repeated.
 * Failed tasks are left out: a failed swap did not swap, so sending again cannot swap twice.
 */
export function unaccountedTasks(tasks: readonly DcsBackgroundTask[], taskName: string, baseline: ReadonlySet<string>): DcsBackgroundTask[] {
    return tasks.filter((t) => t.name === taskName && !baseline.has(t.id) && taskJobStatus(t.status) !== JOB_STATUS.FAIL);
}

/** Of several candidates, the one to adopt: a running one first (it is what DCS is doing now), then the newest. */
export function pickAdoptable(candidates: readonly DcsBackgroundTask[]): DcsBackgroundTask | undefined {
    return [...candidates].sort((a, b) => rank(b) - rank(a) || (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
}

/** Running tasks of `taskName` that are in the baseline: someone else's operation, started before ours was decided. */
export function foreignRunning(tasks: readonly DcsBackgroundTask[], taskName: string, baseline: ReadonlySet<string>): DcsBackgroundTask | undefined {
    return tasks.find((t) => t.name === taskName && baseline.has(t.id) && !hasEnded(taskJobStatus(t.status)));
}

/** A background task presented as a job. */
export function taskAsJob(task: DcsBackgroundTask): DcsJobInfo {
    const status = taskJobStatus(task.status);
    const ended = status === JOB_STATUS.SUCCESS || status === JOB_STATUS.FAIL;
    return {
        jobId: task.jobId ?? task.id,
        jobType: task.name,
        status,
        beginTime: task.createdAt,
        endTime: ended ? task.updatedAt : undefined,
        failReason: status === JOB_STATUS.FAIL ? (task.errorCode ? `background task failed with ${task.errorCode}` : "background task failed") : undefined,
    };
}

function rank(task: DcsBackgroundTask): number {
    return taskJobStatus(task.status) === JOB_STATUS.SUCCESS ? 0 : 1;
}
