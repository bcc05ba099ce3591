import { DcsConfigError, jobCallSpec } from "../../../dcs";
import { OperationTarget } from "../../../operations";
import { DiffResult, diffInputs } from "../diff";
import { DcsJobInputs } from "../inputs";
import { intentRefFor } from "../intent-ref";
import { Outputs, OperationContext, createOperation, jobOutputs, updateOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";
import { importedFromJob } from "./master-standby-swap";

const INPUT_KEYS = [
    "method",
    "path",
    "body",
    "instanceId",
    "triggers",
    "timeout",
    "pollPolicy",
    "projectId",
    "region",
    "endpoint",
    "owner",
    "intentId",
] as const;
/** Only what the call is re-runs it; connection, instance, timeout and polling update in place. */
const REPLACE_KEYS = ["method", "path", "body", "triggers"];

export function diff(olds: Outputs, news: DcsJobInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, importedFromJob(olds) ? [] : REPLACE_KEYS, olds.status !== "SUCCESS");
}

export function create(inputs: DcsJobInputs): Promise<{ id: string; outs: Outputs }> {
    return createOperation(inputs, callTarget);
}

/** Resumes what state recorded; calls again only when the recorded job failed or the call was never sent. */
export function update(id: string, olds: Outputs, news: DcsJobInputs): Promise<{ outs: Outputs }> {
    return updateOperation(id, olds, news, callTarget);
}

/** Refresh re-reads the recorded job; a resource handed over from a pending create (README, Recovery) arrives with the job id alone. */
export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const jobId = typeof props.jobId === "string" ? props.jobId : props.status === undefined ? id : undefined;
    if (jobId === undefined) return { id, props };
    const job = await clientFor(props as unknown as DcsJobInputs)
        .showJob(jobId)
        .catch(() => undefined);
    return { id, props: job ? { ...props, jobId, ...jobOutputs(job) } : props };
}

export async function remove(_id: string, props: Outputs): Promise<void> {
    progress(props.owner as string | undefined, `removed from the stack; ${String(props.method)} ${String(props.path)} is not undone (no API call made)`);
}

/** A DcsJob call has no background task to be identified by: after an ambiguous answer it stops and says so. */
async function callTarget(ctx: OperationContext, inputs: DcsJobInputs): Promise<OperationTarget> {
    const prefix = `/v2/${ctx.client.projectId}`;
    const path = inputs.path.replace(/^\/v2\/\{project_id\}/, prefix);
    if (!path.startsWith(`${prefix}/`)) throw new DcsConfigError("path", `must start with /v2/{project_id}/ or ${prefix}/, got ${JSON.stringify(inputs.path)}`);
    const operation = `${inputs.method} ${inputs.path}`;
    return {
        operation,
        instanceId: inputs.instanceId,
        sends: [
            {
                api: "call",
                spec: jobCallSpec(ctx.client.projectId, {
                    method: inputs.method,
                    path: path.slice(prefix.length),
                    body: inputs.body,
                    instanceId: inputs.instanceId,
                    operation,
                }),
            },
        ],
        intent: await intentRefFor(ctx.client, inputs, undefined, ctx.deadline),
    };
}
