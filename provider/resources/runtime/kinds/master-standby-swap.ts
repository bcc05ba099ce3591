import { DcsApiError, DcsClient, DcsError, TriggerResult, normaliseErrorCode } from "../../../dcs";
import { PENDING_TASK_PREFIX, backgroundTaskReader } from "../../../jobs";
import { DiffResult, diffInputs } from "../diff";
import { SwapInputs } from "../inputs";
import { engineAliveNow } from "../engine-watch";
import { clearJournal, journalKey, readJournal, writeJournal } from "../journal";
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

const TASK_NAME = "masterStandbySwapJob";
const INPUT_KEYS = ["instanceId", "triggers", "api", "timeout", "pollPolicy", "projectId", "region", "endpoint", "owner"] as const;
const REPLACE_KEYS = ["instanceId", "triggers", "api", "projectId", "region", "endpoint"];
// A swap started longer ago than this is no longer "in progress" for our safety check.
const IN_PROGRESS_WINDOW_MS = 2 * 3_600_000;

/** A swap is already running on the instance and we did not start it: starting another would swap back. */
export class SwapInProgressError extends DcsError {
    constructor(
        readonly instanceId: string,
        readonly taskId: string,
        readonly jobId?: string,
    ) {
        super(
            `a master/standby swap is already running on instance ${instanceId} (task ${taskId}${jobId ? `, job ${jobId}` : ""}) and was not started by this resource; ` +
                "not starting a second one, which would swap back. Run `pulumi up` again once it has finished.",
        );
    }
}

export function diff(olds: Outputs, news: SwapInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, REPLACE_KEYS, olds.status !== "SUCCESS");
}

export async function create(inputs: SwapInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const outs = await swap(ctx, inputs, undefined);
    return { id: String(outs.jobId ?? outs.taskId), outs };
}

/**
 * Update never swaps for a change of timeout or poll policy. It resumes a recorded job that is
 * still running, and swaps again only when the recorded swap failed.
 */
export async function update(id: string, olds: Outputs, news: SwapInputs): Promise<{ outs: Outputs }> {
    const base = { ...echoInputs(news) };
    if (olds.status === "SUCCESS") return { outs: clean({ ...olds, ...base }) };
    const ctx = startOperation(clientFor(news), news);
    if (IN_FLIGHT.has(String(olds.status)) && typeof olds.jobId === "string") {
        const reader = olds.apiUsed === "sync" ? backgroundTaskReader(ctx.client, news.instanceId, TASK_NAME, Number(olds.beginTime ?? 0)) : undefined;
        return { outs: await resumeRecordedJob(ctx, id, { ...olds, ...base }, olds.jobId, reader) };
    }
    progress(ctx.owner, `the recorded swap ended ${String(olds.status ?? "without a job")}; swapping again`);
    return { outs: await swap(ctx, news, id) };
}

/** Refresh: re-reads the recorded job (jobs expire; then the recorded values stay). */
export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    if (typeof props.jobId !== "string" || props.apiUsed === "sync") return { id, props };
    try {
        const job = await clientFor(props as unknown as SwapInputs).showJob(props.jobId);
        return { id, props: { ...props, ...jobOutputs(job) } };
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") return { id, props };
        throw error;
    }
}

export async function remove(_id: string, props: Outputs): Promise<void> {
    progress(props.owner as string | undefined, `removed from the stack; the swap on instance ${String(props.instanceId)} is not reverted (no API call made)`);
}

async function swap(ctx: OperationContext, inputs: SwapInputs, existingId: string | undefined): Promise<Outputs> {
    const base = echoInputs(inputs);
    const key = journalKey(inputs.owner ?? "", inputs.instanceId, inputs.triggers);
    const recorded = readJournal(key);
    let trigger: { result: TriggerResult; apiUsed: "async" | "sync"; sentAt: number };
    if (recorded?.jobId) {
        progress(ctx.owner, `adopting job ${recorded.jobId} started by an interrupted run`);
        trigger = { result: { jobId: recorded.jobId, noChange: false, attempts: 0 }, apiUsed: recorded.taskId ? "sync" : "async", sentAt: recorded.startedAt };
    } else {
        trigger = await triggerSwap(ctx, inputs);
        const jobId = pendingOrJobId(trigger);
        writeJournal(key, {
            owner: inputs.owner ?? "",
            instanceId: inputs.instanceId,
            jobId,
            taskId: trigger.apiUsed === "sync" ? jobId : undefined,
            startedAt: trigger.sentAt,
        });
        progress(ctx.owner, `swap accepted on instance ${inputs.instanceId} (${trigger.apiUsed === "async" ? `job ${jobId}` : "synchronous API"})`);
    }
    const jobId = pendingOrJobId(trigger);
    const reader = trigger.apiUsed === "sync" ? backgroundTaskReader(ctx.client, inputs.instanceId, TASK_NAME, trigger.sentAt - 60_000) : undefined;
    const accepted = clean({ ...base, apiUsed: trigger.apiUsed, jobId, beginTime: trigger.sentAt });
    try {
        const job = await awaitJob(ctx, jobId, { reader, resumed: recorded !== undefined });
        return { ...accepted, ...jobOutputs(job) };
    } catch (error) {
        return keepJobAndThrow(existingId ?? jobId, accepted, jobId, error);
    } finally {
        // State now holds the job (outputs or partial-failure properties); the journal is only for
        // kills. An orphaned host (engine gone) delivers nothing, so it leaves the entry for the next run.
        if (await engineAliveNow()) clearJournal(key);
    }
}

async function triggerSwap(ctx: OperationContext, inputs: SwapInputs): Promise<{ result: TriggerResult; apiUsed: "async" | "sync"; sentAt: number }> {
    const api = inputs.api ?? "auto";
    const options = {
        deadline: ctx.deadline,
        // Only a busy instance can be running someone else's swap: DCS refuses a swap during a swap.
        onBusy: () => refuseForeignSwap(ctx.client, inputs.instanceId, ctx.deadline),
        onEvent: (e: { kind: string }) => {
            if (e.kind === "busy") progress(ctx.owner, `instance ${inputs.instanceId} is busy; waiting until it is RUNNING with no task`);
            if (e.kind === "adopted") progress(ctx.owner, "the swap request was answered ambiguously but DCS lists it; adopting it");
        },
    };
    const sentAt = Date.now();
    if (api !== "sync") {
        try {
            return { result: await ctx.client.swapMasterStandby(inputs.instanceId, options), apiUsed: "async", sentAt };
        } catch (error) {
            const missingApi = error instanceof DcsApiError && normaliseErrorCode(error.errorCode) === "APIG.0101";
            if (!(api === "auto" && missingApi)) throw error;
            progress(ctx.owner, "the async swap API is not available on this cloud (APIG.0101); using the synchronous swap");
        }
    }
    const syncSentAt = Date.now();
    return { result: await ctx.client.swapMasterStandbySync(inputs.instanceId, options), apiUsed: "sync", sentAt: syncSentAt };
}

/** The sync swap has no job: until its background task is found, it is "the newest swap task since T". */
function pendingOrJobId(trigger: { result: TriggerResult; sentAt: number }): string {
    return trigger.result.jobId ?? `${PENDING_TASK_PREFIX}${trigger.sentAt}`;
}

/** Refuses to queue a swap behind a running swap we did not start (it would swap back after it). */
async function refuseForeignSwap(client: DcsClient, instanceId: string, deadline: number): Promise<void> {
    const tasks = await client.listBackgroundTasks(instanceId, { start: new Date(Date.now() - IN_PROGRESS_WINDOW_MS) }, { deadline });
    const running = tasks.find((t) => t.name === TASK_NAME && !["SUCCESS", "FAILED", "FAIL", "ERROR"].includes(t.status));
    if (running) throw new SwapInProgressError(instanceId, running.id, running.jobId);
}
