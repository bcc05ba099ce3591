import { DcsConfigError } from "../../../dcs";
import { DiffResult, diffInputs } from "../diff";
import { engineAliveNow } from "../engine-watch";
import { clearJournal, journalKey, readJournal, writeJournal } from "../journal";
import { DcsJobInputs } from "../inputs";
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

const INPUT_KEYS = ["method", "path", "body", "instanceId", "triggers", "timeout", "pollPolicy", "projectId", "region", "endpoint", "owner"] as const;
const REPLACE_KEYS = ["method", "path", "body", "instanceId", "triggers", "projectId", "region", "endpoint"];

export function diff(olds: Outputs, news: DcsJobInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, REPLACE_KEYS, olds.status !== "SUCCESS");
}

export async function create(inputs: DcsJobInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const outs = await run(ctx, inputs, undefined);
    return { id: String(outs.jobId), outs };
}

/** Resumes a running recorded job; runs the call again only if the recorded job failed. */
export async function update(id: string, olds: Outputs, news: DcsJobInputs): Promise<{ outs: Outputs }> {
    const base = echoInputs(news);
    if (olds.status === "SUCCESS") return { outs: clean({ ...olds, ...base }) };
    const ctx = startOperation(clientFor(news), news);
    if (IN_FLIGHT.has(String(olds.status)) && typeof olds.jobId === "string") {
        return { outs: await resumeRecordedJob(ctx, id, { ...olds, ...base }, olds.jobId) };
    }
    return { outs: await run(ctx, news, id) };
}

export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    if (typeof props.jobId !== "string") return { id, props };
    const job = await clientFor(props as unknown as DcsJobInputs)
        .showJob(props.jobId)
        .catch(() => undefined);
    return { id, props: job ? { ...props, ...jobOutputs(job) } : props };
}

export async function remove(_id: string, props: Outputs): Promise<void> {
    progress(props.owner as string | undefined, `removed from the stack; ${String(props.method)} ${String(props.path)} is not undone (no API call made)`);
}

/** Like the swap, a DcsJob call is not idempotent: a job accepted by a killed run is adopted, not re-run. */
async function run(ctx: OperationContext, inputs: DcsJobInputs, existingId: string | undefined): Promise<Outputs> {
    const key = journalKey(inputs.owner ?? "", `${inputs.method} ${inputs.path}`, [inputs.body ?? null, inputs.triggers ?? null]);
    const recorded = readJournal(key);
    let jobId: string;
    if (recorded?.jobId) {
        jobId = recorded.jobId;
        progress(ctx.owner, `adopting job ${jobId} started by an interrupted run`);
    } else {
        jobId = await send(ctx, inputs);
        writeJournal(key, { owner: inputs.owner ?? "", instanceId: inputs.instanceId ?? "-", jobId, startedAt: Date.now() });
        progress(ctx.owner, `${inputs.method} ${inputs.path} accepted (job ${jobId})`);
    }
    const accepted = { ...echoInputs(inputs), jobId };
    try {
        const job = await awaitJob(ctx, jobId, { resumed: recorded !== undefined });
        return { ...accepted, ...jobOutputs(job) };
    } catch (error) {
        return keepJobAndThrow(existingId ?? jobId, accepted, jobId, error);
    } finally {
        if (await engineAliveNow()) clearJournal(key);
    }
}

async function send(ctx: OperationContext, inputs: DcsJobInputs): Promise<string> {
    const prefix = `/v2/${ctx.client.projectId}`;
    const path = inputs.path.replace(/^\/v2\/\{project_id\}/, prefix);
    if (!path.startsWith(`${prefix}/`)) throw new DcsConfigError("path", `must start with /v2/{project_id}/ or ${prefix}/, got ${JSON.stringify(inputs.path)}`);
    const result = await ctx.client.triggerJob(
        {
            method: inputs.method,
            path: path.slice(prefix.length),
            body: inputs.body,
            instanceId: inputs.instanceId,
            operation: `${inputs.method} ${inputs.path}`,
        },
        { deadline: ctx.deadline },
    );
    return result.jobId!;
}
