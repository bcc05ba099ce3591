import { clientIpSpec } from "../../../dcs";
import { OperationTarget, recordIntent, succeeded, unidentified } from "../../../operations";
import { DiffResult, diffInputs, sameJson } from "../diff";
import { ClientIpInputs } from "../inputs";
import { OperationContext, Outputs, clean, echoInputs, recordOf, recordOutputs, runForResource, startOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

const INPUT_KEYS = ["instanceId", "enabled", "restoreOnDelete", "triggers", "timeout", "pollPolicy", "projectId", "region", "endpoint", "owner"] as const;
/** A new instance is a new resource; everything else, connection included, updates in place. */
const REPLACE_KEYS = ["instanceId"];
/** Inputs whose change sets the flag again (see `update`), so what preflight checks before. */
export const RUNS_AGAIN: readonly string[] = [...REPLACE_KEYS, "enabled", "triggers"];

export function diff(olds: Outputs, news: ClientIpInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, REPLACE_KEYS, olds.status !== "SUCCESS");
}

/** Records the value found before the change, so `restoreOnDelete` can put it back. */
export async function create(inputs: ClientIpInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const before = await ctx.client.showInstance(inputs.instanceId, { deadline: ctx.deadline });
    const base = clean({ ...echoInputs(inputs), previousEnabled: before.transparentClientIpEnable });
    return { id: inputs.instanceId, outs: await apply(ctx, inputs.instanceId, inputs.enabled, base, undefined) };
}

/** Resumes a recorded job for the same value; otherwise sets the flag (a no-op answer if it is already set). */
export async function update(id: string, olds: Outputs, news: ClientIpInputs): Promise<{ outs: Outputs }> {
    const base = clean({ ...echoInputs(news), previousEnabled: olds.previousEnabled });
    const sameValue = olds.enabled === news.enabled && sameJson(olds.triggers, news.triggers);
    const prior = recordOf(olds);
    if (sameValue && succeeded(prior)) return { outs: { ...base, ...recordOutputs(olds) } };
    const ctx = startOperation(clientFor(news), news);
    // Setting a flag to a fixed value is safe to repeat, so only a job known by id is worth resuming.
    return { outs: await apply(ctx, news.instanceId, news.enabled, base, sameValue && !unidentified(prior) ? prior : undefined) };
}

/** Refresh reports drift: `enabled` becomes the instance's live `transparent_client_ip_enable`. */
export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const instance = await clientFor(props as unknown as ClientIpInputs).showInstance(String(props.instanceId));
    if (instance.transparentClientIpEnable === undefined) return { id, props };
    return { id, props: { ...props, enabled: instance.transparentClientIpEnable } };
}

export async function remove(_id: string, props: Outputs): Promise<void> {
    const owner = props.owner as string | undefined;
    const previous = props.previousEnabled;
    if (props.restoreOnDelete !== true || typeof previous !== "boolean") {
        progress(owner, `removed from the stack; client IP pass-through on instance ${String(props.instanceId)} is left as it is`);
        return;
    }
    const inputs = props as unknown as ClientIpInputs;
    const ctx = startOperation(clientFor(inputs), inputs);
    progress(owner, `restoring client IP pass-through to ${previous} on instance ${String(props.instanceId)}`);
    await apply(ctx, inputs.instanceId, previous, {}, undefined);
}

async function apply(ctx: OperationContext, instanceId: string, enabled: boolean, base: Outputs, prior: ReturnType<typeof recordOf>): Promise<Outputs> {
    const outs = await runForResource(ctx, await flagTarget(ctx, instanceId, enabled), prior?.status === "FAIL" ? undefined : prior, base, instanceId);
    if (outs.noChange) progress(ctx.owner, `client IP pass-through already ${enabled ? "enabled" : "disabled"} on instance ${instanceId}; no job needed`);
    return { ...outs, noChange: outs.noChange === true };
}

async function flagTarget(ctx: OperationContext, instanceId: string, enabled: boolean): Promise<OperationTarget> {
    // A fresh intent per call: the flag needs no identification, and a journal entry must never outlive its call.
    const intent = await recordIntent(undefined, {});
    return {
        operation: `client IP pass-through ${enabled ? "enable" : "disable"}`,
        instanceId,
        sends: [{ api: "async", spec: clientIpSpec(ctx.client.projectId, instanceId, enabled) }],
        intent: { id: intent.intentId, fresh: true },
    };
}
