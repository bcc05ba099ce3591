import { clientIpFindings, clientIpSpec, JOB_STATUS } from "../../../dcs";
import { OperationTarget, recordIntent, succeeded, unidentified } from "../../../operations";
import { sameJson } from "../diff";
import { fieldTable, InputsOf, optional, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS, POLL_FIELDS } from "../fields/shared";
import { Outputs, defineKind, diffFields } from "../kind";
import { JOB_OUTPUTS, OperationContext, clean, echoInputs, expectedDuration, recordOf, recordOutputs, runForResource, startOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

/** Inputs of `ClientIpPassthrough`: the table `check`, `diff`, the outputs and `ClientIpPassthroughArgs` come from. */
const fields = fieldTable(
    {
        /** The DCS instance. Changing it makes a new resource (replace). */
        instanceId: required<string>(rules.instanceId, "replace"),
        /**
         * Wanted state of client IP pass-through (`transparent_client_ip_enable`). A change sets it, in
         * place. As an output, after a refresh: the live value on the instance.
         */
        enabled: required<boolean>(rules.boolean, "rerun"),
        /** Any JSON value; when it changes, the flag is set again, in place. */
        triggers: optional<unknown>(rules.json, "rerun"),
        /** On delete, put back the value found at create. Default false: delete leaves the instance as it is. */
        restoreOnDelete: optional<boolean>(rules.boolean, "update"),
        /**
         * Read-only checks at preview (default true): fails the preview when the instance is not found,
         * is ERROR/FROZEN/CREATEFAILED, cannot pass client IPs through (feature flag, Redis < 4.0), or
         * has SSL on while enabling. See docs/preflight-and-preview.md.
         */
        preflight: optional<boolean>(rules.boolean, "ignore"),
    },
    POLL_FIELDS,
    CONNECTION_FIELDS,
);

type ClientIpInputs = InputsOf<typeof fields>;

/** Client IP pass-through: sets the flag and waits for its job; "already set" counts as success. */
export const clientIpPassthrough = defineKind({
    kind: "ClientIpPassthrough",
    fields,
    outputs: [...JOB_OUTPUTS, "previousEnabled", "noChange"],
    checksConnection: true,
    preflight: (instance, inputs) => clientIpFindings(instance, inputs.enabled),
    diff: (olds, news) => diffFields(fields, olds, news, { replaceable: true, forceUpdate: olds.status !== JOB_STATUS.SUCCESS }),
    create,
    update,
    read,
    delete: remove,
});

/** Records the value found before the change, so `restoreOnDelete` can put it back. */
async function create(inputs: ClientIpInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const before = await ctx.client.showInstance(inputs.instanceId, { deadline: ctx.deadline });
    const base = clean({ ...echoInputs(inputs), previousEnabled: before.transparentClientIpEnable });
    return { id: inputs.instanceId, outs: await setFlag(ctx, inputs.instanceId, inputs.enabled, base, undefined) };
}

/** Resumes a recorded job for the same value; otherwise sets the flag (a no-op answer if it is already set). */
async function update(id: string, olds: Outputs, news: ClientIpInputs): Promise<{ outs: Outputs }> {
    const base = clean({ ...echoInputs(news), previousEnabled: olds.previousEnabled });
    const sameValue = olds.enabled === news.enabled && sameJson(olds.triggers, news.triggers);
    const prior = recordOf(olds);
    if (sameValue && succeeded(prior)) return { outs: { ...base, ...recordOutputs(olds) } };
    // Run again in place: its last job's duration, in state, is where the waiter looks first.
    const ctx = startOperation(clientFor(news), news, { expectedDurationMs: expectedDuration({}, olds), creating: false });
    // Setting a flag to a fixed value is safe to repeat, so only a job known by id is worth resuming.
    return { outs: await setFlag(ctx, news.instanceId, news.enabled, base, sameValue && !unidentified(prior) ? prior : undefined) };
}

/** Refresh reports drift: `enabled` becomes the instance's live `transparent_client_ip_enable`. */
async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const instance = await clientFor(props).showInstance(String(props.instanceId));
    if (instance.transparentClientIpEnable === undefined) return { id, props };
    return { id, props: { ...props, enabled: instance.transparentClientIpEnable } };
}

async function remove(_id: string, props: Outputs): Promise<void> {
    const owner = props.owner as string | undefined;
    const previous = props.previousEnabled;
    if (props.restoreOnDelete !== true || typeof previous !== "boolean") {
        progress(owner, `removed from the stack; client IP pass-through on instance ${String(props.instanceId)} is left as it is`);
        return;
    }
    const inputs = props as ClientIpInputs;
    const ctx = startOperation(clientFor(inputs), inputs);
    progress(owner, `restoring client IP pass-through to ${previous} on instance ${String(props.instanceId)}`);
    await setFlag(ctx, inputs.instanceId, previous, {}, undefined);
}

async function setFlag(ctx: OperationContext, instanceId: string, enabled: boolean, base: Outputs, prior: ReturnType<typeof recordOf>): Promise<Outputs> {
    const outs = await runForResource(
        ctx,
        await operationTarget(ctx, instanceId, enabled),
        prior?.status === JOB_STATUS.FAIL ? undefined : prior,
        base,
        instanceId,
    );
    if (outs.noChange) progress(ctx.owner, `client IP pass-through already ${enabled ? "enabled" : "disabled"} on instance ${instanceId}; no job needed`);
    return { ...outs, noChange: outs.noChange === true };
}

async function operationTarget(ctx: OperationContext, instanceId: string, enabled: boolean): Promise<OperationTarget> {
    // A fresh intent per call: the flag needs no identification, and a journal entry must never outlive its call.
    const intent = await recordIntent(undefined, {});
    return {
        operation: `client IP pass-through ${enabled ? "enable" : "disable"}`,
        instanceId,
        sends: [{ api: "async", spec: clientIpSpec(ctx.client.projectId, instanceId, enabled) }],
        intent: { ...intent, fresh: true },
    };
}
