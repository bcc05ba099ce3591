import { assertProjectId, jobCallSpec, jobPathProblem, resolveJobPath } from "../../../dcs";
import { OperationTarget } from "../../../operations";
import { DiffResult, diffInputs } from "../diff";
import { CheckFailure, DcsJobInputs } from "../inputs";
import { intentRefFor } from "../intent-ref";
import { Outputs, OperationContext, createOperation, jobOutputs, updateOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";
import { containsUnknown } from "../unknown";
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

/**
 * The part of `check` that needs more than one input at a time or the configuration: a literal
 * project id in `path` must be the configured one, and `{instance_id}` needs `instanceId`. Shape
 * problems are reported once, by `validateInputs`; a project id that cannot be resolved yet (config
 * or credentials missing) is not compared.
 */
export function checkAgainstConfig(inputs: Partial<DcsJobInputs>): CheckFailure[] {
    const path = inputs.path;
    if (typeof path !== "string" || containsUnknown(path) || jobPathProblem(path) !== undefined) return [];
    // The unknown sentinel is a string too: an instanceId not known yet still fills {instance_id} at `up`.
    const problem = jobPathProblem(path, { projectId: configuredProjectId(inputs), instanceId: inputs.instanceId ?? undefined });
    return problem ? [{ property: "path", reason: problem }] : [];
}

/** The project id `up` will use (input, then `dcs:projectId`, then environment), or undefined when it cannot tell yet. */
function configuredProjectId(inputs: Partial<DcsJobInputs>): string | undefined {
    if (containsUnknown(inputs.projectId)) return undefined;
    try {
        if (inputs.projectId !== undefined && inputs.projectId !== null) return assertProjectId(inputs.projectId);
        // A signal of our own: check sends nothing, so there is no reason to start watching the engine.
        return clientFor(inputs, new AbortController().signal).projectId;
    } catch {
        // A bad or unknown projectId, region or endpoint input is check's to report (or not yet known); missing config is create's.
        return undefined;
    }
}

/** A DcsJob call has no background task to be identified by: after an ambiguous answer it stops and says so. */
async function callTarget(ctx: OperationContext, inputs: DcsJobInputs): Promise<OperationTarget> {
    const { projectId, endpoint } = ctx.client;
    // First, before the intent reads anything: a refused path throws DcsConfigError("path") naming the
    // user's input. Only the full /v2/ form is taken here (jobCallSpec also takes relative paths).
    const path = resolveJobPath(inputs.path, { projectId, instanceId: inputs.instanceId, endpoint });
    const operation = `${inputs.method} ${inputs.path}`;
    const spec = jobCallSpec(projectId, { method: inputs.method, path, body: inputs.body, instanceId: inputs.instanceId, operation }, endpoint);
    return {
        operation,
        instanceId: inputs.instanceId,
        sends: [{ api: "call", spec }],
        intent: await intentRefFor(ctx.client, inputs, undefined, ctx.deadline),
    };
}
