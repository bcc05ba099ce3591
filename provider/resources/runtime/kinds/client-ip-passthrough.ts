import { DcsClient } from "../../../dcs";
import { DiffResult, diffInputs, sameJson } from "../diff";
import { ClientIpInputs } from "../inputs";
import {
    IN_FLIGHT,
    OperationContext,
    resumeRecordedJob,
    Outputs,
    awaitJob,
    clean,
    echoInputs,
    jobOutputs,
    keepJobAndThrow,
    startOperation,
} from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

const INPUT_KEYS = ["instanceId", "enabled", "restoreOnDelete", "triggers", "timeout", "pollPolicy", "projectId", "region", "endpoint", "owner"] as const;
const REPLACE_KEYS = ["instanceId", "projectId", "region", "endpoint"];

export function diff(olds: Outputs, news: ClientIpInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, REPLACE_KEYS, olds.status !== "SUCCESS");
}

/** Records the value found before the change, so `restoreOnDelete` can put it back. */
export async function create(inputs: ClientIpInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const before = await ctx.client.showInstance(inputs.instanceId, { deadline: ctx.deadline });
    const base = clean({ ...echoInputs(inputs), previousEnabled: before.transparentClientIpEnable });
    return { id: inputs.instanceId, outs: await apply(ctx, inputs.instanceId, inputs.enabled, base, inputs.instanceId) };
}

/** Resumes a recorded job for the same value; otherwise sets the flag (a no-op answer if it is already set). */
export async function update(id: string, olds: Outputs, news: ClientIpInputs): Promise<{ outs: Outputs }> {
    const base = clean({ ...echoInputs(news), previousEnabled: olds.previousEnabled });
    const sameValue = olds.enabled === news.enabled && sameJson(olds.triggers, news.triggers);
    if (sameValue && olds.status === "SUCCESS") return { outs: clean({ ...olds, ...base }) };
    const ctx = startOperation(clientFor(news), news);
    if (sameValue && IN_FLIGHT.has(String(olds.status)) && typeof olds.jobId === "string") {
        return { outs: await resumeRecordedJob(ctx, id, { ...olds, ...base }, olds.jobId) };
    }
    return { outs: await apply(ctx, news.instanceId, news.enabled, base, id) };
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
    await apply(ctx, inputs.instanceId, previous, {}, String(props.instanceId));
}

async function apply(ctx: OperationContext, instanceId: string, enabled: boolean, base: Outputs, id: string): Promise<Outputs> {
    const result = await setFlag(ctx.client, instanceId, enabled, ctx.deadline, ctx.owner);
    if (result.noChange || !result.jobId) {
        progress(ctx.owner, `client IP pass-through already ${enabled ? "enabled" : "disabled"} on instance ${instanceId}; no job needed`);
        return clean({ ...base, status: "SUCCESS", jobId: undefined, noChange: true });
    }
    progress(ctx.owner, `client IP pass-through change accepted (job ${result.jobId})`);
    const accepted = { ...base, noChange: false };
    const job = await awaitJob(ctx, result.jobId).catch((e) => keepJobAndThrow(id, accepted, result.jobId!, e));
    return { ...accepted, ...jobOutputs(job) };
}

function setFlag(client: DcsClient, instanceId: string, enabled: boolean, deadline: number, owner?: string) {
    return client.setClientIpPassthrough(instanceId, enabled, {
        deadline,
        onEvent: (e) => {
            if (e.kind === "busy") progress(owner, `instance ${instanceId} is busy; waiting until it is RUNNING with no task`);
        },
    });
}
