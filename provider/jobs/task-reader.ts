import { DcsApiError, DcsBackgroundTask, DcsJobInfo } from "../dcs";
import { JobReader } from "./wait-for-job";

/** The client method a task reader needs. */
export interface TaskLister {
    listBackgroundTasks(instanceId: string, range: { start?: Date }, options?: { signal?: AbortSignal; deadline?: number }): Promise<DcsBackgroundTask[]>;
}

/** Prefix of the placeholder id meaning "the newest task of that name created since T". */
export const PENDING_TASK_PREFIX = "pending-since-";

/**
 * Presents an instance's background task as a job, so `waitForJob` can wait for operations that
 * have no pollable job (the synchronous swap). Task status SUCCESS → SUCCESS, FAILED/FAIL/ERROR →
 * FAIL (with the task's error code as the reason), anything else → RUNNING. A task not listed yet
 * answers like a 404, which the waiter tolerates during its grace period.
 */
export function backgroundTaskReader(client: TaskLister, instanceId: string, taskName: string, sinceMs: number): JobReader {
    return {
        async showJob(id, options) {
            const tasks = await client.listBackgroundTasks(instanceId, { start: new Date(sinceMs) }, options);
            const pending = id.startsWith(PENDING_TASK_PREFIX);
            const task = tasks
                .filter((t) => (pending ? t.name === taskName && (t.createdAt ?? sinceMs) >= sinceMs : t.id === id))
                .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
            if (!task) {
                throw new DcsApiError({
                    operation: "listBackgroundTasks",
                    method: "GET",
                    path: `(task ${taskName})`,
                    status: 404,
                    errorMsg: `no ${taskName} task listed yet`,
                    errorClass: "not-found",
                });
            }
            return taskAsJob(task);
        },
    };
}

export function taskAsJob(task: DcsBackgroundTask): DcsJobInfo {
    const status = task.status === "SUCCESS" ? "SUCCESS" : ["FAILED", "FAIL", "ERROR"].includes(task.status) ? "FAIL" : "RUNNING";
    return {
        jobId: task.id,
        jobType: task.name,
        status,
        beginTime: task.createdAt,
        endTime: status === "RUNNING" ? undefined : task.updatedAt,
        failReason: status === "FAIL" ? (task.errorCode ? `background task failed with ${task.errorCode}` : undefined) : undefined,
    };
}
