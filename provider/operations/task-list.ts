import { DcsBackgroundTask, DcsTaskPage, TASK_PAGE_SIZE } from "../dcs";
import { TASK_LIST_READS } from "./defaults";
import { TaskListInconclusiveError } from "./errors";

/** The one client method the task list needs. */
export interface TaskPageLister {
    listBackgroundTaskPage(
        instanceId: string,
        page: { offset: number; limit: number },
        options?: { signal?: AbortSignal; deadline?: number },
    ): Promise<DcsTaskPage>;
}

/**
 * Every background task of an instance. Pages through at the API's largest page size and relies on
 * neither the sort order nor `start_time` filtering (both undocumented). When `task_count` moves
 * during the read, a task may have slipped between pages, so the read starts over.
 */
export async function readAllTasks(
    lister: TaskPageLister,
    instanceId: string,
    options: { signal?: AbortSignal; deadline?: number } = {},
): Promise<DcsBackgroundTask[]> {
    for (let read = 0; read < TASK_LIST_READS; read++) {
        const byId = new Map<string, DcsBackgroundTask>();
        const first = await lister.listBackgroundTaskPage(instanceId, { offset: 0, limit: TASK_PAGE_SIZE }, options);
        let page = first;
        let offset = 0;
        for (;;) {
            for (const task of page.tasks) byId.set(task.id, task);
            offset += page.tasks.length;
            if (page.tasks.length === 0 || offset >= first.total) break;
            page = await lister.listBackgroundTaskPage(instanceId, { offset, limit: TASK_PAGE_SIZE }, options);
            if (page.total !== first.total) break;
        }
        if (page.total === first.total && byId.size >= first.total) return [...byId.values()];
    }
    throw new TaskListInconclusiveError(instanceId);
}
