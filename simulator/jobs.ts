import { randomBytes } from "node:crypto";
import { ApiBehaviour, JobStatus, JobView, TaskStatus } from "./types";

/** What a job does to its instance when it succeeds. */
export type Effect = { kind: "swap" } | { kind: "clientIp"; enable: boolean } | { kind: "ssl"; enable: boolean };

/**
 * A job, or for the sync swap a background task without a job id. Its status is a pure function
 * of the clock (see `jobStatus`), so no timers drive it and none can leak.
 */
export interface JobRecord {
    jobId?: string;
    taskId: string;
    jobType: string;
    instanceId: string;
    createdAt: number;
    runningAt: number;
    endsAt: number;
    failReason: string | null;
    /** GET /jobs answers 404 until then. */
    notFoundUntil: number;
    /** The task shows WAITING until then (unless the job has ended). */
    waitingUntil: number;
    /** ListBackgroundTask leaves the task out until then. */
    listedFrom: number;
    effect: Effect;
    /** Set once the effect has been applied to the instance (or skipped because the job failed). */
    settled: boolean;
    /** The task's `params` string. */
    params: string;
}

/** ShowInstance `task` while a job of this type runs. */
export const RUNNING_TASK_NAMES: Record<Effect["kind"], string> = { swap: "masterStandbySwap", clientIp: "modifyClientIpTrans", ssl: "modifySsl" };

const SIM_USER_ID = "5f0c6f0e3e4d4a6b9c1e2d3f4a5b6c7d";

export function newJobId(): string {
    return randomBytes(16).toString("hex");
}

/**
 * Task ids look like job ids: 32 lower-case hex characters, as in the example of
 * https://github.com/opentelekomcloud-docs/distributed-cache-service/blob/main/api-ref/source/apis_v2_recommended/background_task_management/listing_background_tasks.rst.
 */
export function newTaskId(): string {
    return randomBytes(16).toString("hex");
}

/** ListBackgroundTask's view of a job: WAITING first (optional), then CREATED, EXECUTING, SUCCESS or FAILED. */
export function taskStatus(job: JobRecord, now: number): TaskStatus {
    const status = jobStatus(job, now);
    if (status === "SUCCESS") return "SUCCESS";
    if (status === "FAIL") return "FAILED";
    if (now < job.waitingUntil) return "WAITING";
    return status === "INIT" ? "CREATED" : "EXECUTING";
}

export function jobStatus(job: JobRecord, now: number): JobStatus {
    if (now < job.runningAt) return "INIT";
    if (now < job.endsAt) return "RUNNING";
    return job.failReason === null ? "SUCCESS" : "FAIL";
}

export function isFinished(job: JobRecord, now: number): boolean {
    return now >= job.endsAt;
}

/**
 * ShowJobInfo body. Times are epoch-ms strings as documented; `end_time` is "" until the job
 * ends (the docs do not say, and "" parses as absent in every client we know).
 */
export function jobJson(job: JobRecord, now: number, skewMs: number): Record<string, unknown> {
    const status = jobStatus(job, now);
    const done = status === "SUCCESS" || status === "FAIL";
    return {
        job_id: job.jobId,
        job_type: job.jobType,
        status,
        begin_time: String(job.createdAt + skewMs),
        end_time: done ? String(job.endsAt + skewMs) : "",
        fail_reason: status === "FAIL" ? job.failReason : null,
    };
}

/**
 * One ListBackgroundTask entry. Huawei Cloud adds `job_id` (absent for the sync swap, which has
 * no job) and `error_code`; OTC's reference shows neither key, so the `otc` profile leaves both out.
 */
export function taskJson(job: JobRecord, now: number, api: Pick<ApiBehaviour, "cloud" | "serverClockSkewMs">): Record<string, unknown> {
    const status = taskStatus(job, now);
    const iso = (ms: number) => new Date(ms + api.serverClockSkewMs).toISOString();
    const task: Record<string, unknown> = {
        id: job.taskId,
        name: job.jobType,
        details: {},
        user_name: "simulator-user",
        user_id: SIM_USER_ID,
        params: job.params,
        status,
        created_at: iso(job.createdAt),
        updated_at: iso(lastChange(job, status)),
        enable_show: true,
    };
    if (api.cloud === "otc") return task;
    task.error_code = status === "FAILED" ? (job.effect.kind === "swap" ? "DCS.5094" : "DCS.4842") : null;
    if (job.jobId !== undefined) task.job_id = job.jobId;
    return task;
}

/** When the task entered `status`: `updated_at`. */
function lastChange(job: JobRecord, status: TaskStatus): number {
    switch (status) {
        case "WAITING":
            return job.createdAt;
        case "CREATED":
            return job.waitingUntil;
        case "EXECUTING":
            return Math.max(job.runningAt, job.waitingUntil);
        default:
            return job.endsAt;
    }
}

export function jobView(job: JobRecord, now: number): JobView {
    return {
        jobId: job.jobId,
        taskId: job.taskId,
        jobType: job.jobType,
        instanceId: job.instanceId,
        status: jobStatus(job, now),
        createdAt: job.createdAt,
        endsAt: job.endsAt,
        failReason: job.failReason,
    };
}

/** Parses ListBackgroundTask's UTC `yyyyMMddHHmmss`; undefined when malformed. */
export function parseTaskTime(value: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
    if (!m) return undefined;
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
    const ms = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(ms);
    // Date.UTC rolls 20240231 over into March; a real API would reject it.
    return check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 ? ms : undefined;
}
