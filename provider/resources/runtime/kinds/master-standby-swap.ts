import { DcsApiError, asyncSwapSpec, swapFindings, syncSwapSpec } from "../../../dcs";
import { OperationSend, OperationTarget, SwapInProgressError, fileJournal } from "../../../operations";
import { InputsOf, optional, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS, FLEET_FIELDS, INTENT_FIELDS, POLL_FIELDS, RESOLUTION_FIELDS } from "../fields/shared";
import { underStopRule } from "../fleet-member";
import { intentRefFor } from "../intent-ref";
import { noteIntentRetired } from "../intent-use";
import { Outputs, defineKind } from "../kind";
import { JOB_OUTPUTS, jobOutputs, OperationContext, operationMethods } from "../operation";
import { resumePreflight } from "../preflight";
import { progress } from "../progress";
import { clientFor } from "../settings";

export const SWAP_TASK_NAME = "masterStandbySwapJob";

/** Inputs of `MasterStandbySwap`: the table `check`, `diff`, the outputs and `MasterStandbySwapArgs` come from. */
const fields = {
    /** The DCS instance (a master/standby `ha` instance). Changing it swaps the new instance (replace). */
    instanceId: required<string>(rules.instanceId, "replace"),
    /** Any JSON value; when it changes, the instance is swapped again (shown as a replace), as in `@pulumi/command`. */
    triggers: optional<unknown>(rules.json, "replace"),
    /**
     * Which API to call: "async" (`PUT …/async-swap`, a pollable job), "sync" (`POST …/swap`, 204,
     * confirmed by its background task if DCS lists one, else by the instance settling and the
     * master changing), or "auto" (default: async, falling back to sync when DCS answers that the
     * async API does not exist: APIG.0101, or 404 DCS.4001 / 111404001).
     */
    api: optional<"async" | "sync" | "auto">(rules.api, "update"),
    /**
     * Read-only checks at preview (default true): fails the preview when the instance is not found,
     * is not a master/standby instance (`ha`, `ha_rw_split`), or is ERROR/FROZEN/CREATEFAILED; a busy
     * instance is a warning. See README, "Preflight at preview".
     */
    preflight: optional<boolean>(rules.boolean, "ignore"),
    ...POLL_FIELDS,
    ...CONNECTION_FIELDS,
    ...RESOLUTION_FIELDS,
    ...INTENT_FIELDS,
    ...FLEET_FIELDS,
};

type SwapInputs = InputsOf<typeof fields>;

/**
 * A master/standby switchover. Never swaps for a config-only change; a recorded swap is resumed
 * or identified, and sent again only when it certainly did not swap (FAIL, or never sent).
 */
const operation = operationMethods(fields, operationTarget);

export const masterStandbySwap = defineKind({
    kind: "MasterStandbySwap",
    fields,
    outputs: [...JOB_OUTPUTS, "apiUsed", "masterNode", "masterAz", "masterChanged", "notStartedBecause"],
    checksConnection: true,
    preflight: (instance) => swapFindings(instance),
    diff: (olds, news) => {
        const result = operation.diff(olds, news);
        // A RollingSwap's swap resuming an unfinished record (same triggers): the fleet preflight skipped it.
        const resumes = news.fleet !== undefined && news.preflight !== false && result.changes && result.replaces.length === 0 && olds.status !== "SUCCESS";
        return resumes ? resumePreflight(news, swapFindings).then(() => result) : result;
    },
    // In a RollingSwap, the stop rule decides whether it starts, and a FAIL is recorded rather than thrown.
    create: (inputs) =>
        underStopRule(
            inputs,
            undefined,
            () => operation.create(inputs),
            (id, outs) => ({ id, outs }),
        ),
    update: (id, olds, news) =>
        underStopRule(
            news,
            olds,
            () => operation.update(id, olds, news),
            (_id, outs) => ({ outs }),
        ),
    read,
    delete: remove,
});

/** Refresh re-reads the recorded job; a resource handed over from a pending create (README, Recovery) arrives with the job id alone. */
async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const jobId = typeof props.jobId === "string" ? props.jobId : props.status === undefined ? id : undefined;
    if (jobId === undefined || props.apiUsed === "sync" || jobId.startsWith("pending-since-")) return { id, props };
    try {
        const job = await clientFor(props).showJob(jobId);
        return { id, props: { ...props, jobId, ...jobOutputs(job) } };
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") return { id, props };
        throw error;
    }
}

async function remove(_id: string, props: Outputs): Promise<void> {
    noteIntentRetired(props, "MasterStandbySwap", fileJournal());
    progress(props.owner as string | undefined, `removed from the stack; the swap on instance ${String(props.instanceId)} is not reverted (no API call made)`);
}

async function operationTarget(ctx: OperationContext, inputs: SwapInputs): Promise<OperationTarget> {
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
        intent: await intentRefFor(ctx.client, inputs, "MasterStandbySwap", SWAP_TASK_NAME, {
            deadline: ctx.deadline,
            switchover: true,
            prior: ctx.prior,
            creating: ctx.creating,
        }),
        conflict: (task) => new SwapInProgressError(inputs.instanceId, task.id, task.jobId),
        switchover: true,
    };
}
