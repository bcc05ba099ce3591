import { DcsClient, DcsJobInfo, JOB_STATUS } from "../../dcs";
import { DEFAULT_TIMEOUT_MS, parseDuration } from "../../jobs";
import {
    OperationError,
    OperationOptions,
    OperationPorts,
    OperationRecord,
    OperationTarget,
    clientPorts,
    fileJournal,
    withSendsOfThisProcess,
    runOperation,
    succeeded,
} from "../../operations";
import { engineAliveNow } from "./engine-watch";
import { LEGACY_INTENT, backUnderOwnIntent, resolve, underIntentOf, wayOut } from "./undecided";
import { noteIntentUsed } from "./intent-use";
import { ConnectionInputs, FleetMembership, PollInputs } from "./fields/shared";
import { Fields, InputsOf } from "./fields/field";
import { DiffResult } from "./diff";
import { KindDefinition, Outputs, diffFields } from "./kind";
import { ResourceInitError } from "./errors/resource-init-error";
import { NOT_STARTED, checkBeforeSend } from "./fleet-gate";
import { progress } from "./progress";
import { clientFor } from "./settings";
import { runtimeClock } from "./clock";

/** Outputs of every kind that runs a job: the job, and the runtime version that wrote the state. */
export const JOB_OUTPUTS = ["jobId", "jobType", "status", "beginTime", "endTime", "durationMs", "failReason", "runtimeVersion"] as const;

type OperationInputs = ConnectionInputs & PollInputs & { previousDurationMs?: number; fleet?: FleetMembership };

/** Keys of the operation record in outputs; everything else in outputs is echoed inputs. */
const RECORD_KEYS = [
    "status",
    "revision",
    "earlierFailedTaskIds",
    "resolvedBy",
    "jobId",
    "taskId",
    "sentAt",
    "apiUsed",
    "noChange",
    "jobType",
    "beginTime",
    "endTime",
    "durationMs",
    "failReason",
    "masterNodeId",
    "masterNode",
    "masterAz",
    "masterChanged",
];

/** Everything a create/update needs to run one operation under one deadline. */
export interface OperationContext {
    client: DcsClient;
    owner?: string;
    /** The one place a relative timeout becomes an absolute deadline. */
    deadline: number;
    inputs: OperationInputs;
    /** The waiter's first guess, when the same operation's last duration is known. */
    expectedDurationMs?: number;
    /** A create (no resource in state) or an update, and what state held then. */
    creating: boolean;
    prior?: OperationRecord;
}

export function startOperation(
    client: DcsClient,
    inputs: OperationInputs,
    more: { expectedDurationMs?: number; creating?: boolean; prior?: OperationRecord } = {},
): OperationContext {
    const timeoutMs = inputs.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(inputs.timeout)!;
    return { client, owner: inputs.owner, inputs, deadline: runtimeClock().now() + timeoutMs, creating: more.creating ?? true, ...more };
}

/**
 * How long this operation took last time on this instance: from the intent's read of the task list,
 * else from this resource's own state when it ran before.
 */
export function expectedDuration(inputs: { previousDurationMs?: number }, olds?: Outputs): number | undefined {
    if (typeof inputs.previousDurationMs === "number" && inputs.previousDurationMs > 0) return inputs.previousDurationMs;
    return olds?.status === JOB_STATUS.SUCCESS && typeof olds.durationMs === "number" && olds.durationMs > 0 ? olds.durationMs : undefined;
}

/** The lifecycle's ports for a resource: the client, the journal, and progress lines. */
function resourcePorts(ctx: OperationContext): OperationPorts {
    const log = (message: string) => progress(ctx.owner, message);
    const clock = runtimeClock();
    return clientPorts(ctx.client, { journal: withSendsOfThisProcess(fileJournal(undefined, log), clock), log, clock });
}

/**
 * Runs the operation and turns its outcome into outputs. On failure after anything may have been
 * sent, the record goes to state as a partial failure, so the next run resumes or identifies.
 */
export async function runForResource(
    ctx: OperationContext,
    target: OperationTarget,
    prior: OperationRecord | undefined,
    base: Outputs,
    fallbackId: string,
): Promise<Outputs> {
    const options: OperationOptions = {
        deadline: ctx.deadline,
        pollPolicy: ctx.inputs.pollPolicy,
        expectedDurationMs: ctx.expectedDurationMs,
        onStatus: (job, elapsed) =>
            progress(ctx.owner, `job ${job.jobId} (${job.jobType}) ${job.status}${job.failReason ? `: ${job.failReason}` : ""}`, elapsed),
        beforeSend: () => checkBeforeSend(ctx.inputs.fleet),
    };
    const ports = resourcePorts(ctx);
    try {
        const record = await runOperation(target, prior, ports, options);
        if (succeeded(record) && !record.noChange && target.taskName) noteIntentUsed(target.intent.intentId, record, target.operation, ports.journal);
        return outputsOf(base, record);
    } catch (error) {
        if (!(error instanceof OperationError)) throw error;
        const outs = outputsOf(base, error.record);
        const cause = error.cause as Error;
        const intentId = target.intent.postHoc ? LEGACY_INTENT : target.intent.intentId;
        throw new ResourceInitError(resourceId(outs, fallbackId), outs, cause, withInstance(base, cause.message) + wayOut(cause, intentId));
    } finally {
        // State now holds the record (outputs or partial failure); the journal is only for kills.
        // An orphaned host (engine gone) delivers nothing, so it leaves the entry for the next run.
        if (await engineAliveNow()) ports.journal.clear(target.intent.intentId);
    }
}

/** Builds what to run for a resource's inputs (records or looks up its intent). */
type TargetFor<I> = (ctx: OperationContext, inputs: I) => Promise<OperationTarget>;

/** `create` of an operation resource: run it under its intent. */
async function createOperation<I extends OperationInputs>(inputs: I, targetFor: TargetFor<I>): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs, { expectedDurationMs: expectedDuration(inputs), creating: true });
    const target = await targetFor(ctx, inputs);
    const outs = await runForResource(ctx, target, undefined, echoInputs(inputs), target.intent.intentId);
    return { id: resourceId(outs, target.intent.intentId), outs };
}

/** `update` of an operation resource: no call after SUCCESS; otherwise resume, identify, or run again. */
async function updateOperation<I extends OperationInputs>(id: string, olds: Outputs, news: I, targetFor: TargetFor<I>): Promise<{ outs: Outputs }> {
    let prior = recordOf(olds);
    if (succeeded(prior)) return { outs: { ...echoInputs(news), ...recordOutputs(olds) } };
    const inputs = underIntentOf(prior, olds, news);
    const resolved = resolve(prior, olds, inputs);
    if (resolved?.outcome === "done") return { outs: backUnderOwnIntent(outputsOf(echoInputs(inputs), resolved.record), news) };
    if (resolved) prior = resolved.record;
    const ctx = startOperation(clientFor(inputs), inputs, { expectedDurationMs: expectedDuration(inputs), creating: false, prior });
    const outs = await runForResource(ctx, await targetFor(ctx, inputs), prior, echoInputs(inputs), id);
    return { outs: inputs === news ? outs : backUnderOwnIntent(outs, news) };
}

/** The state's record of the last operation, or undefined when state holds none. */
export function recordOf(olds: Outputs): OperationRecord | undefined {
    // Held back by a rolling swap's stop rule: nothing was sent under this record.
    if (typeof olds.status !== "string" || olds.status === NOT_STARTED) return undefined;
    let jobId = typeof olds.jobId === "string" ? olds.jobId : undefined;
    // v0.1 recorded an unidentified synchronous swap as "pending-since-<ms>".
    const legacy = jobId?.startsWith("pending-since-") ? Number(jobId.slice("pending-since-".length)) : undefined;
    if (legacy !== undefined) return { status: "ACCEPTED", sentAt: legacy, api: "sync" };
    let taskId = typeof olds.taskId === "string" ? olds.taskId : undefined;
    // v0.1 kept the task it found for a synchronous swap as `jobId`: it is followed as the task it is
    // (as a job id, GET /jobs answers 404, and the run could only stop).
    if (olds.stateVersion === 1 && olds.apiUsed === "sync" && jobId !== undefined && taskId === undefined) [taskId, jobId] = [jobId, undefined];
    return clean({
        status: olds.status,
        jobId,
        taskId,
        sentAt: typeof olds.sentAt === "number" ? olds.sentAt : undefined,
        api: typeof olds.apiUsed === "string" ? olds.apiUsed : undefined,
        noChange: olds.noChange === true ? true : undefined,
        job: jobFrom(olds),
        master: typeof olds.masterNodeId === "string" ? { nodeId: olds.masterNodeId, nodeName: str(olds.masterNode), azCode: str(olds.masterAz) } : undefined,
        masterChanged: typeof olds.masterChanged === "boolean" ? olds.masterChanged : undefined,
        revision: typeof olds.revision === "number" ? olds.revision : undefined,
        earlierFailedTaskIds: Array.isArray(olds.earlierFailedTaskIds)
            ? olds.earlierFailedTaskIds.filter((t): t is string => typeof t === "string")
            : undefined,
        resolvedBy: olds.resolvedBy === "operator" ? "operator" : undefined,
    }) as unknown as OperationRecord;
}

/** Outputs = the new inputs plus the record, so a removed input leaves no perpetual diff. */
export function outputsOf(base: Outputs, record: OperationRecord): Outputs {
    const job = record.job;
    return clean({
        ...base,
        status: record.status,
        jobId: record.jobId,
        taskId: record.taskId,
        sentAt: record.sentAt,
        apiUsed: record.api,
        noChange: record.noChange,
        masterNodeId: record.master?.nodeId,
        masterNode: record.master ? (record.master.nodeName ?? record.master.nodeId) : undefined,
        masterAz: record.master?.azCode,
        masterChanged: record.masterChanged,
        revision: record.revision,
        earlierFailedTaskIds: record.earlierFailedTaskIds,
        resolvedBy: record.resolvedBy,
        ...(job ? jobOutputs(job) : {}),
    });
}

/** The record part of old outputs, to carry over when nothing runs. */
export function recordOutputs(olds: Outputs): Outputs {
    return clean(Object.fromEntries(RECORD_KEYS.map((k) => [k, olds[k]])));
}

/** Job fields as resource outputs. */
export function jobOutputs(job: DcsJobInfo): Outputs {
    return clean({
        jobType: job.jobType,
        status: job.status,
        beginTime: job.beginTime,
        endTime: job.endTime,
        durationMs: job.beginTime !== undefined && job.endTime !== undefined ? job.endTime - job.beginTime : undefined,
        failReason: job.failReason,
    });
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

export function resourceId(outs: Outputs, fallback: string): string {
    return String(outs.jobId ?? outs.taskId ?? fallback);
}

function str(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

function jobFrom(olds: Outputs): DcsJobInfo | undefined {
    if (typeof olds.jobType !== "string") return undefined;
    return {
        jobId: String(olds.jobId ?? olds.taskId ?? ""),
        jobType: olds.jobType,
        status: String(olds.status),
        beginTime: typeof olds.beginTime === "number" ? olds.beginTime : undefined,
        endTime: typeof olds.endTime === "number" ? olds.endTime : undefined,
        failReason: typeof olds.failReason === "string" ? olds.failReason : undefined,
    };
}

/** Pulumi names the resource; we add what it cannot know: the instance. */
function withInstance(base: Outputs, message: string): string {
    return typeof base.instanceId !== "string" || message.includes(base.instanceId) ? message : `instance ${base.instanceId}: ${message}`;
}

/** State filled by `read` from a job id alone (import of a pending create): adopt it, never replace. */
export function importedFromJob(olds: Outputs): boolean {
    return olds.owner === undefined && typeof olds.jobId === "string";
}

/**
 * `diff`, `create` and `update` of a kind that runs one operation under an intent: a replace only
 * for a new operation (never for state adopted from a bare job id), and an update that finishes
 * whatever did not succeed.
 */
export function operationMethods<F extends Fields>(
    fields: F,
    targetFor: TargetFor<InputsOf<F> & OperationInputs>,
): Pick<KindDefinition<F>, "create" | "update"> & { diff(olds: Outputs, news: InputsOf<F>): DiffResult } {
    return {
        diff: (olds, news) => diffFields(fields, olds, news, { replaceable: !importedFromJob(olds), forceUpdate: olds.status !== JOB_STATUS.SUCCESS }),
        create: (inputs) => createOperation(inputs as InputsOf<F> & OperationInputs, targetFor),
        update: (id, olds, news) => updateOperation(id, olds, news as InputsOf<F> & OperationInputs, targetFor),
    };
}
