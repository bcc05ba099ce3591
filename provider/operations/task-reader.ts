import { DcsJobInfo } from "../dcs";
import { JobReader } from "../jobs";
import { taskAsJob } from "./identify";
import { TaskPageLister, readAllTasks } from "./task-list";

/** Status reported for a task id the list does not show (not yet, or no longer): still waited for. */
export const UNLISTED = "UNLISTED";

/**
 * Presents one background task as a job, so `waitForJob` can wait on operations DCS tracks only as
 * a task (the synchronous swap; tasks without `job_id`, as OTC lists them).
 */
export function taskReader(lister: TaskPageLister, instanceId: string, taskName: string): JobReader {
    return {
        async showJob(taskId, options): Promise<DcsJobInfo> {
            const task = (await readAllTasks(lister, instanceId, options)).find((t) => t.id === taskId);
            return task ? { ...taskAsJob(task), jobId: taskId } : { jobId: taskId, jobType: taskName, status: UNLISTED };
        },
    };
}
