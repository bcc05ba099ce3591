import { Clock, DcsError, DcsJobInfo } from "../dcs";
import { JobReader } from "../jobs";
import { taskAsJob } from "./identify";
import { TaskPageLister, readAllTasks } from "./task-list";

/** Status reported for a task id the list does not show (not yet, or no longer): still waited for. */
export const UNLISTED = "UNLISTED";

/** A task we followed by id has not been listed for a whole grace: DCS has forgotten it (retention). */
export class TaskGoneError extends DcsError {
    constructor(readonly taskId: string) {
        super(`background task ${taskId} is no longer listed`);
    }
}

/**
 * Presents one background task as a job, so `waitForJob` can wait on operations DCS tracks only as
 * a task (the synchronous swap; tasks without `job_id`, as OTC lists them). With `goneAfterMs`, a
 * task missing from the list for that long rejects with `TaskGoneError` instead of staying UNLISTED.
 */
export function taskReader(lister: TaskPageLister, instanceId: string, taskName: string, gone?: { clock: Clock; goneAfterMs: number }): JobReader {
    let missingSince: number | undefined;
    return {
        async showJob(taskId, options): Promise<DcsJobInfo> {
            const task = (await readAllTasks(lister, instanceId, options)).find((t) => t.id === taskId);
            if (task) {
                missingSince = undefined;
                return { ...taskAsJob(task), jobId: taskId };
            }
            if (gone) {
                missingSince ??= gone.clock.now();
                if (gone.clock.now() - missingSince >= gone.goneAfterMs) throw new TaskGoneError(taskId);
            }
            return { jobId: taskId, jobType: taskName, status: UNLISTED };
        },
    };
}
