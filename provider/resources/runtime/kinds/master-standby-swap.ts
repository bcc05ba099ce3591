import { DcsApiError, asyncSwapSpec, syncSwapSpec } from "../../../dcs";
import { OperationSend, OperationTarget, SwapInProgressError } from "../../../operations";
import { DiffResult, diffInputs } from "../diff";
import { SwapInputs } from "../inputs";
import { intentRefFor } from "../intent-ref";
import { Outputs, OperationContext, createOperation, jobOutputs, updateOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

export const SWAP_TASK_NAME = "masterStandbySwapJob";
const INPUT_KEYS = [
    "instanceId",
    "triggers",
    "api",
    "timeout",
    "pollPolicy",
    "projectId",
    "region",
    "endpoint",
    "owner",
    "intentId",
    "baselineTaskIds",
    "baselineMaster",
] as const;
/** Only these run a swap again; connection, API choice, timeout and polling update in place. */
const REPLACE_KEYS = ["instanceId", "triggers"];
/** Inputs whose change runs the swap (what preflight checks before). */
export const RUNS_AGAIN: readonly string[] = REPLACE_KEYS;

export function diff(olds: Outputs, news: SwapInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, importedFromJob(olds) ? [] : REPLACE_KEYS, olds.status !== "SUCCESS");
}

export function create(inputs: SwapInputs): Promise<{ id: string; outs: Outputs }> {
    return createOperation(inputs, swapTarget);
}

/**
 * Never swaps for a config-only change. Resumes or identifies what state recorded, and swaps
 * again only when the recorded swap certainly did not swap (FAIL, or never sent).
 */
export function update(id: string, olds: Outputs, news: SwapInputs): Promise<{ outs: Outputs }> {
    return updateOperation(id, olds, news, swapTarget);
}

/** Refresh re-reads the recorded job; a resource handed over from a pending create (README, Recovery) arrives with the job id alone. */
export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const jobId = typeof props.jobId === "string" ? props.jobId : props.status === undefined ? id : undefined;
    if (jobId === undefined || props.apiUsed === "sync" || jobId.startsWith("pending-since-")) return { id, props };
    try {
        const job = await clientFor(props as unknown as SwapInputs).showJob(jobId);
        return { id, props: { ...props, jobId, ...jobOutputs(job) } };
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") return { id, props };
        throw error;
    }
}

export async function remove(_id: string, props: Outputs): Promise<void> {
    progress(props.owner as string | undefined, `removed from the stack; the swap on instance ${String(props.instanceId)} is not reverted (no API call made)`);
}

async function swapTarget(ctx: OperationContext, inputs: SwapInputs): Promise<OperationTarget> {
    const api = inputs.api ?? "auto";
    const projectId = ctx.client.projectId;
    const sends: OperationSend[] = [];
    if (api !== "sync") sends.push({ api: "async", spec: asyncSwapSpec(projectId, inputs.instanceId) });
    if (api !== "async") sends.push({ api: "sync", spec: syncSwapSpec(projectId, inputs.instanceId) });
    return {
        operation: "master/standby swap",
        instanceId: inputs.instanceId,
        taskName: SWAP_TASK_NAME,
        sends,
        intent: await intentRefFor(ctx.client, inputs, SWAP_TASK_NAME, ctx.deadline, true),
        conflict: (task) => new SwapInProgressError(inputs.instanceId, task.id, task.jobId),
        switchover: true,
    };
}

/** State filled by `read` from a job id alone (import of a pending create): adopt it, never replace. */
export function importedFromJob(olds: Outputs): boolean {
    return olds.owner === undefined && typeof olds.jobId === "string";
}
