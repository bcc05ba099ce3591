import { DcsAnswerInfo, DcsResponseError } from "./errors";

/** The job states `GET /v2/{project_id}/jobs/{job_id}` documents: the literals, written once. */
export const JOB_STATUS = { INIT: "INIT", RUNNING: "RUNNING", SUCCESS: "SUCCESS", FAIL: "FAIL" } as const;

/** Job states reported by `GET /v2/{project_id}/jobs/{job_id}`. */
export type JobStatus = (typeof JOB_STATUS)[keyof typeof JOB_STATUS];

/** A status as DCS reports it: one of `JobStatus`, or one it invents (treated as still running). */
export type ReportedStatus = JobStatus | (string & {});

/** SUCCESS or FAIL: the job (or task) has ended and will not change. */
export function hasEnded(status: string): status is typeof JOB_STATUS.SUCCESS | typeof JOB_STATUS.FAIL {
    return status === JOB_STATUS.SUCCESS || status === JOB_STATUS.FAIL;
}

/** A DCS asynchronous job. Times are epoch milliseconds (the API sends them as strings). */
export interface DcsJobInfo {
    jobId: string;
    /** `masterStandbySwapJob`, `modifyClientIpTransJob`, ... — an open set. */
    jobType: string;
    /** One of `JobStatus`, or whatever new status the API invents (treated as still running). */
    status: ReportedStatus;
    beginTime?: number;
    endTime?: number;
    failReason?: string;
}

/** The fields of `GET /v2/{project_id}/instances/{instance_id}` that this package uses. */
export interface DcsInstance {
    instanceId: string;
    name?: string;
    status: string;
    /** Current task (e.g. `BACKUPING`); absent or null when the instance is idle. */
    task?: string;
    cacheMode?: string;
    /** `Redis` or `Memcached`. */
    engine?: string;
    engineVersion?: string;
    transparentClientIpEnable?: boolean;
    /** `features.support_transparent_client_ip`: whether the instance can pass client IPs through at all. */
    supportsClientIpPassthrough?: boolean;
    /** `enable_ssl`: SSL and client-IP pass-through exclude each other. */
    sslEnabled?: boolean;
}

/** One entry of `GET /v2/{project_id}/instances/{instance_id}/tasks`. */
export interface DcsBackgroundTask {
    id: string;
    name: string;
    status: string;
    createdAt?: number;
    updatedAt?: number;
    jobId?: string;
    errorCode?: string;
}

type Json = Record<string, unknown>;

/*
 * The parsers throw `DcsResponseError` for a body they cannot use. `answer` names the call and
 * status in that error; the client passes the real ones, and the default is the 200 each parser reads.
 */

export function parseJob(body: unknown, requestedJobId?: string, answer: DcsAnswerInfo = { operation: "showJob", status: 200 }): DcsJobInfo {
    const o = asObject(body, answer);
    const jobId = str(o.job_id) ?? str(o.jobId) ?? requestedJobId;
    const status = str(o.status);
    if (!jobId || !status) throw unusable(answer, "lacks job_id or status");
    return {
        jobId,
        jobType: str(o.job_type) ?? str(o.jobType) ?? "unknown",
        status: status.toUpperCase(),
        beginTime: epochMs(o.begin_time ?? o.beginTime),
        endTime: epochMs(o.end_time ?? o.endTime),
        failReason: str(o.fail_reason ?? o.failReason) || undefined,
    };
}

export function parseInstance(body: unknown, instanceId: string, answer: DcsAnswerInfo = { operation: "showInstance", status: 200 }): DcsInstance {
    const o = asObject(body, answer);
    const status = str(o.status);
    if (!status) throw unusable(answer, "lacks status");
    const task = o.task;
    return {
        instanceId: str(o.instance_id) ?? instanceId,
        name: str(o.name),
        status: status.toUpperCase(),
        task: task === null || task === undefined || task === "" ? undefined : typeof task === "string" ? task : JSON.stringify(task),
        cacheMode: str(o.cache_mode),
        engine: str(o.engine),
        engineVersion: str(o.engine_version),
        transparentClientIpEnable: bool(o.transparent_client_ip_enable),
        supportsClientIpPassthrough: bool(asOptionalObject(o.features)?.support_transparent_client_ip),
        sslEnabled: bool(o.enable_ssl),
    };
}

/** One page of `GET …/tasks`. */
export interface DcsTaskPage {
    tasks: DcsBackgroundTask[];
    /** `task_count`: how many tasks match in all (documented as a string, sent as a number). */
    total: number;
}

export function parseTaskPage(body: unknown, answer: DcsAnswerInfo = { operation: "listBackgroundTasks", status: 200 }): DcsTaskPage {
    const o = asObject(body, answer);
    const tasks = parseTasks(o, answer);
    const total = Number(str(o.task_count) ?? NaN);
    if (!Array.isArray(o.tasks) || !Number.isInteger(total) || total < 0) throw unusable(answer, "lacks tasks or task_count");
    return { tasks, total };
}

export function parseTasks(body: unknown, answer: DcsAnswerInfo = { operation: "listBackgroundTasks", status: 200 }): DcsBackgroundTask[] {
    const o = asObject(body, answer);
    const tasks = Array.isArray(o.tasks) ? o.tasks : [];
    return tasks.flatMap((t): DcsBackgroundTask[] => {
        if (typeof t !== "object" || t === null) return [];
        const task = t as Json;
        const id = str(task.id);
        const name = str(task.name);
        if (!id || !name) return [];
        return [
            {
                id,
                name,
                status: (str(task.status) ?? "").toUpperCase(),
                createdAt: isoMs(task.created_at),
                updatedAt: isoMs(task.updated_at),
                jobId: str(task.job_id) ?? str(task.jobId),
                errorCode: str(task.error_code),
            },
        ];
    });
}

/** `job_id` or `jobId` (both occur in DCS answers), or a `job_id:<id>` text body. */
export function parseJobId(body: unknown): string | undefined {
    if (typeof body === "string") return /^\s*job_?id\s*:\s*(\S+)\s*$/i.exec(body)?.[1];
    if (typeof body !== "object" || body === null) return undefined;
    const o = body as Json;
    return str(o.job_id) ?? str(o.jobId);
}

function asOptionalObject(value: unknown): Json | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asObject(body: unknown, answer: DcsAnswerInfo): Json {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw unusable(answer, body === undefined ? "is empty" : "is not a JSON object");
    return body as Json;
}

function unusable(answer: DcsAnswerInfo, problem: string): DcsResponseError {
    return new DcsResponseError({ ...answer, problem });
}

function str(value: unknown): string | undefined {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return undefined;
}

function bool(value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    if (value === "true") return true;
    if (value === "false") return false;
    return undefined;
}

function epochMs(value: unknown): number | undefined {
    const s = str(value);
    if (s === undefined || !/^\d{1,16}$/.test(s.trim())) return undefined;
    return Number(s);
}

function isoMs(value: unknown): number | undefined {
    const s = str(value);
    if (!s) return undefined;
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? undefined : ms;
}
