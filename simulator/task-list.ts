import { errors } from "./errors";
import { Reply, jsonReply } from "./http";
import { JobRecord, parseTaskTime, taskJson } from "./jobs";
import { ApiBehaviour } from "./types";

/** ListBackgroundTask's documented page size when `limit` is absent, and its bounds (https://support.huaweicloud.com/intl/en-us/api-dcs/ListBackgroundTask.html). */
export const DEFAULT_TASK_LIMIT = 10;
export const MAX_TASK_LIMIT = 1000;

/**
 * One ListBackgroundTask answer for an instance's tasks (given oldest first). Query parameters are
 * always validated; `start_time`/`end_time` filter only when the behaviour honours them, and then
 * in server time (skew included), since that is the clock the real server would compare with.
 */
export function listTasks(tasks: JobRecord[], query: URLSearchParams, api: ApiBehaviour, now: number): Reply {
    const offset = intParam(query, "offset", 0);
    const limit = intParam(query, "limit", DEFAULT_TASK_LIMIT);
    if (offset === undefined) return errors.invalidParam("offset");
    if (limit === undefined || limit < 1 || limit > MAX_TASK_LIMIT) return errors.invalidParam("limit");
    const start = timeParam(query, "start_time");
    const end = timeParam(query, "end_time");
    if (start === null) return errors.invalidParam("start_time");
    if (end === null) return errors.invalidParam("end_time");

    const skew = api.serverClockSkewMs;
    // The API's times have whole seconds: a task belongs to every second it was created in.
    const inRange = (t: JobRecord) =>
        !api.honourTaskStartTime || ((start === undefined || t.createdAt + skew >= start) && (end === undefined || t.createdAt + skew < end + 1000));
    const matching = tasks.filter((t) => now >= t.listedFrom && inRange(t));
    if (api.taskSortOrder === "desc") matching.reverse();
    return jsonReply({
        task_count: matching.length,
        tasks: matching.slice(offset, offset + limit).map((t) => taskJson(t, now, api)),
    });
}

/** The default when absent, undefined when not a non-negative integer. */
function intParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
    const raw = query.get(name);
    if (raw === null) return fallback;
    return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** Undefined when absent, null when malformed. */
function timeParam(query: URLSearchParams, name: string): number | undefined | null {
    const raw = query.get(name);
    if (raw === null) return undefined;
    return parseTaskTime(raw) ?? null;
}
