import { DcsApiError, DcsConfigError, swapFindings, JOB_STATUS } from "../../../dcs";
import { OperationTarget, SWAP_TASK_NAME, clientInstanceViews, fileJournal, readAllTasks, swapTarget } from "../../../operations";
import { fieldTable, InputsOf, optional, required } from "../fields/field";
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
import { runtimeClock } from "../clock";
import { ADOPT_LOOK_DELAYS_MS } from "../defaults";

export { SWAP_TASK_NAME };

/** Inputs of `MasterStandbySwap`: the table `check`, `diff`, the outputs and `MasterStandbySwapArgs` come from. */
const fields = fieldTable(
    {
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
         * instance is a warning. See docs/preflight-and-preview.md.
         */
        preflight: optional<boolean>(rules.boolean, "ignore"),
        /**
         * Records a swap made outside Pulumi (console, CLI, API) instead of swapping: the id of its DCS
         * job, or of its task in the instance's background tasks. The swap must be listed among the
         * instance's switchover tasks. Read when the resource is created, and ignored after: the resource
         * waits for that swap to end and records it, sending nothing. A FAIL is recorded as for any swap
         * (the next `pulumi up` then swaps). See README, "A swap made by hand".
         */
        adoptSwap: optional<string>(rules.dcsId, "ignore"),
    },
    POLL_FIELDS,
    CONNECTION_FIELDS,
    RESOLUTION_FIELDS,
    INTENT_FIELDS,
    FLEET_FIELDS,
);

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
        const resumes =
            news.fleet !== undefined && news.preflight !== false && result.changes && result.replaces.length === 0 && olds.status !== JOB_STATUS.SUCCESS;
        return resumes ? resumePreflight(news, swapFindings).then(() => result) : result;
    },
    // In a RollingSwap, the stop rule decides whether it starts, and a FAIL is recorded rather than thrown.
    create: (inputs) =>
        underStopRule(
            inputs,
            undefined,
            () => (inputs.adoptSwap === undefined ? operation.create(inputs) : adopt(inputs, inputs.adoptSwap)),
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

/**
 * Refresh re-reads the recorded job, and for a finished swap the instance's master, so that
 * `masterNode`/`masterAz` follow a swap made outside Pulumi. A resource handed over from a pending
 * create (docs/recovery.md) arrives with the job id alone.
 */
async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const refreshed = await withJobReread(id, props);
    return { id, props: await withCurrentMaster(refreshed) };
}

async function withJobReread(id: string, props: Outputs): Promise<Outputs> {
    const jobId = typeof props.jobId === "string" ? props.jobId : props.status === undefined ? id : undefined;
    if (jobId === undefined || props.apiUsed === "sync" || jobId.startsWith("pending-since-")) return props;
    try {
        const job = await clientFor(props).showJob(jobId);
        return { ...props, jobId, ...jobOutputs(job) };
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") return props;
        throw error;
    }
}

/**
 * Only where the swap recorded a master (the cloud has node roles), and only once it succeeded:
 * an undecided record keeps the master it saw, which is evidence for the next run. A read that
 * fails (mid-swap, no single master) leaves the outputs as they were.
 */
async function withCurrentMaster(props: Outputs): Promise<Outputs> {
    if (props.status !== JOB_STATUS.SUCCESS || typeof props.masterNodeId !== "string" || typeof props.instanceId !== "string") return props;
    try {
        const master = await clientInstanceViews(clientFor(props)).master(props.instanceId, {});
        if (!master) return props;
        return { ...props, masterNodeId: master.nodeId, masterNode: master.nodeName ?? master.nodeId, masterAz: master.azCode ?? null };
    } catch (error) {
        progress(
            props.owner as string | undefined,
            `refresh: the master of instance ${props.instanceId} could not be read (${(error as Error).message}); masterNode kept`,
        );
        return props;
    }
}

/**
 * `adoptSwap`: the swap someone made is this resource's operation. It must be one of the instance's
 * listed switchover tasks (by task id, or by the job id DCS lists on it), which also proves it is
 * on this instance. Its record then runs as one from state written under no intent of this
 * resource (`underIntentOf`): waited for, never sent, never judged against a master read after it.
 */
async function adopt(inputs: SwapInputs, swapId: string): Promise<{ id: string; outs: Outputs }> {
    const client = clientFor(inputs);
    let tasks = await readAllTasks(client, inputs.instanceId);
    const find = () => tasks.find((t) => t.name === SWAP_TASK_NAME && (t.id === swapId || t.jobId === swapId));
    // DCS lists a swap seconds after accepting it: a swap made just now gets a few more looks.
    for (const delayMs of ADOPT_LOOK_DELAYS_MS) {
        if (find()) break;
        progress(inputs.owner, `adoptSwap: ${swapId} is not listed for instance ${inputs.instanceId} yet; looking again in ${delayMs / 1000} s`);
        await runtimeClock().sleep(delayMs);
        tasks = await readAllTasks(client, inputs.instanceId);
    }
    const task = find();
    if (!task) {
        const listed = tasks.filter((t) => t.name === SWAP_TASK_NAME).map((t) => t.jobId ?? t.id);
        throw new DcsConfigError(
            "adoptSwap",
            `no switchover ${swapId} is listed for instance ${inputs.instanceId} (listed: ${listed.length ? listed.join(", ") : "none"}); nothing was recorded or sent`,
        );
    }
    progress(inputs.owner, `adopts the swap ${swapId} made outside Pulumi (task ${task.id}, ${task.status}): nothing is sent`);
    const record = task.jobId ? { jobId: task.jobId, apiUsed: "async" } : { taskId: task.id, apiUsed: "sync" };
    const id = task.jobId ?? task.id;
    const { outs } = await operation.update(id, { ...record, status: JOB_STATUS.RUNNING }, inputs);
    return { id, outs };
}

async function remove(_id: string, props: Outputs): Promise<void> {
    noteIntentRetired(props, "MasterStandbySwap", fileJournal());
    progress(props.owner as string | undefined, `removed from the stack; the swap on instance ${String(props.instanceId)} is not reverted (no API call made)`);
}

async function operationTarget(ctx: OperationContext, inputs: SwapInputs): Promise<OperationTarget> {
    const intent = await intentRefFor(ctx.client, inputs, "MasterStandbySwap", SWAP_TASK_NAME, {
        deadline: ctx.deadline,
        switchover: true,
        prior: ctx.prior,
        creating: ctx.creating,
    });
    return swapTarget(ctx.client.projectId, inputs.instanceId, intent, inputs.api ?? "auto");
}
