import { DcsClient, DcsJobInfo } from "../../dcs";
import { JobFailedError, JobReader, JobTimeoutError, waitForJob } from "../../jobs";
import { CommonInputs, timeoutMs } from "./inputs";
import { ResourceInitError } from "./partial-failure";
import { progress } from "./progress";

/** Statuses that say a recorded job still needs waiting for. */
export const IN_FLIGHT = new Set(["INIT", "RUNNING"]);

export type Outputs = Record<string, unknown>;

/** Everything a create/update needs to run one operation under one deadline. */
export interface OperationContext {
    client: DcsClient;
    owner?: string;
    deadline: number;
    inputs: CommonInputs;
}

export function startOperation(client: DcsClient, inputs: CommonInputs): OperationContext {
    return { client, owner: inputs.owner, inputs, deadline: Date.now() + timeoutMs(inputs) };
}

/** Waits for a job, printing one progress line per status change. */
export async function awaitJob(ctx: OperationContext, jobId: string, options: { reader?: JobReader; resumed?: boolean } = {}): Promise<DcsJobInfo> {
    const remaining = Math.max(1, ctx.deadline - Date.now());
    return waitForJob(options.reader ?? ctx.client, jobId, {
        timeoutMs: remaining,
        pollPolicy: ctx.inputs.pollPolicy,
        pollImmediately: options.resumed,
        onStatus: (job, elapsed) =>
            progress(ctx.owner, `job ${job.jobId} (${job.jobType}) ${job.status}${job.failReason ? `: ${job.failReason}` : ""}`, elapsed),
    });
}

/**
 * The next `pulumi up` after a partial failure: waits for the job the state recorded (polling at
 * once) instead of starting another; a new failure is kept in state again.
 */
export async function resumeRecordedJob(ctx: OperationContext, id: string, base: Outputs, jobId: string, reader?: JobReader): Promise<Outputs> {
    progress(ctx.owner, `resuming job ${jobId} recorded by an earlier run`);
    const job = await awaitJob(ctx, jobId, { reader, resumed: true }).catch((e) => keepJobAndThrow(id, base, jobId, e));
    return { ...base, ...jobOutputs(job) };
}

/** Job fields as resource outputs. */
export function jobOutputs(job: DcsJobInfo): Outputs {
    return clean({
        jobId: job.jobId,
        jobType: job.jobType,
        status: job.status,
        beginTime: job.beginTime,
        endTime: job.endTime,
        durationMs: job.beginTime !== undefined && job.endTime !== undefined ? job.endTime - job.beginTime : undefined,
        failReason: job.failReason,
    });
}

/**
 * After DCS accepted a job, any failure must keep the job in state: rethrow as a partial failure
 * carrying the job id and its last known status, so the next `pulumi up` resumes or re-triggers.
 */
export function keepJobAndThrow(id: string, base: Outputs, jobId: string, error: unknown): never {
    const cause = error instanceof Error ? error : new Error(String(error));
    // Pulumi names the resource; we add what it cannot know: the instance (and the job, in the cause).
    const err =
        typeof base.instanceId === "string" && !cause.message.includes(base.instanceId)
            ? Object.assign(new Error(`instance ${base.instanceId}: ${cause.message}`, { cause }), { name: cause.name })
            : cause;
    let job: Outputs = { jobId, status: "RUNNING" };
    if (cause instanceof JobFailedError) job = jobOutputs(cause.job);
    else if (cause instanceof JobTimeoutError && cause.lastJob) job = jobOutputs(cause.lastJob);
    throw new ResourceInitError(id, clean({ ...base, ...job }), err);
}

/** Inputs echoed into outputs, so `diff` (which receives old outputs) can compare them. */
export function echoInputs(inputs: object): Outputs {
    const out: Outputs = {};
    for (const [key, value] of Object.entries(inputs)) if (key !== "__provider") out[key] = value;
    return clean(out);
}

/** Drops undefined values: protobuf Structs cannot carry them. */
export function clean(obj: Outputs): Outputs {
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
