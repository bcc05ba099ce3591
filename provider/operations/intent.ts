import { randomBytes } from "crypto";
import { Clock, DcsBackgroundTask, FATAL_INSTANCE_STATUSES, JOB_STATUS, hasEnded, isInstanceReady, systemClock, wallNow } from "../dcs";
import { DEFAULT_IDENTIFY_GRACE_MS } from "./defaults";
import { InstanceViews, waitUntilSettled } from "./instance-checks";
import { SwapInProgressError } from "./errors/swap-in-progress-error";
import { readRoles } from "./roles";
import { taskJobStatus } from "./identify";
import { Journal } from "./journal";
import { TaskPageLister, readAllTasks } from "./task-list";

/**
 * The intent of an operation, recorded in Pulumi state (by its own resource) before anything is
 * sent. Its baseline — the tasks that existed then — is what lets any later run, on any machine,
 * tell "our operation" from "an earlier one" without trusting a clock.
 */
export interface Intent {
    intentId: string;
    /** Ids of the instance's tasks of the operation's name when the intent was recorded. */
    baselineTaskIds?: string[];
    /**
     * For a switchover, the master node then, where the cloud exposes node roles: the proof of
     * last resort for a synchronous swap, which DCS may not list as a task.
     */
    baselineMaster?: string;
    /**
     * How long the last finished task of the operation's name took (`updated_at − created_at`), from
     * the same read as the baseline: the waiter's first guess (`WaitOptions.expectedDurationMs`).
     */
    previousDurationMs?: number;
}

/** Intent ids recorded by this process: the operation cannot have been attempted before. */
const recordedHere = new Set<string>();

export async function recordIntent(
    lister: TaskPageLister | undefined,
    target: { instanceId?: string; taskName?: string; switchover?: boolean },
    options: {
        deadline?: number;
        clock?: Clock;
        journal?: Journal;
        log?: (message: string) => void;
        instances?: InstanceViews;
        /** Recorded after the operation may already have been sent (state from before intents): a running swap may be its own, and the master proves nothing, so neither is read. */
        afterTheFact?: boolean;
    } = {},
): Promise<Intent> {
    const intentId = randomBytes(16).toString("hex");
    let baselineTaskIds: string[] | undefined;
    let baselineMaster: string | undefined;
    let previousDurationMs: number | undefined;
    if (lister && target.instanceId && target.taskName) {
        await settle(target.instanceId, options);
        const checksRunning = target.switchover === true && !options.afterTheFact;
        let own = await baselineTasks(lister, target.instanceId, target.taskName, checksRunning, options);
        // A busy instance may be running a swap DCS does not list (a sync one): its master, read now, would not be the
        // one this operation starts from. Wait until the instance is idle, then read the baseline again.
        if (checksRunning && options.instances && (await waitedWhileBusy(options.instances, target.instanceId, options)))
            own = await baselineTasks(lister, target.instanceId, target.taskName, checksRunning, options);
        baselineTaskIds = own.map((t) => t.id);
        previousDurationMs = lastSuccessDuration(own);
        // A roles read that fails here fails the intent, before anything is sent: an intent without its
        // master on a cloud that has roles could never prove a switchover later.
        if (target.switchover && options.instances && !options.afterTheFact) {
            const clock = options.clock ?? systemClock;
            const roles = await readRoles(options.instances, target.instanceId, {
                clock,
                deadline: options.deadline ?? clock.now() + DEFAULT_IDENTIFY_GRACE_MS,
            });
            baselineMaster = roles.exposed ? roles.master.nodeId : undefined;
        }
    }
    recordedHere.add(intentId);
    return { intentId, baselineTaskIds, baselineMaster, previousDurationMs };
}

/** The operation's tasks on the instance now; with `checksRunning`, a swap listed as under way stops the intent. */
async function baselineTasks(
    lister: TaskPageLister,
    instanceId: string,
    taskName: string,
    checksRunning: boolean,
    options: { deadline?: number; clock?: Clock },
): Promise<DcsBackgroundTask[]> {
    const own = (await readAllTasks(lister, instanceId, options)).filter((t) => t.name === taskName);
    // A switchover under way now makes the master read meaningless, and queueing behind it would swap back.
    const running = checksRunning ? own.find((t) => !hasEnded(taskJobStatus(t.status))) : undefined;
    if (running) throw new SwapInProgressError(instanceId, running.id, running.jobId);
    return own;
}

/** Whether the instance was busy (a task, or not yet RUNNING); if it was, returns once it has been idle on two reads in a row. */
async function waitedWhileBusy(
    views: InstanceViews,
    instanceId: string,
    options: { deadline?: number; clock?: Clock; log?: (message: string) => void },
): Promise<boolean> {
    const clock = options.clock ?? systemClock;
    const deadline = options.deadline ?? clock.now() + DEFAULT_IDENTIFY_GRACE_MS;
    const instance = await views.show(instanceId, { deadline });
    // A status no wait fixes (FROZEN...) is the operation's own error to report, where a rolling swap's stop rule sees it.
    if (isInstanceReady(instance) || FATAL_INSTANCE_STATUSES.has(instance.status)) return false;
    options.log?.(`instance ${instanceId} is busy; waiting until it is idle before recording the intent's baseline`);
    await waitUntilSettled(views, instanceId, { clock, deadline });
    return true;
}

/**
 * DCS may list a new task only some time after accepting it (`DEFAULT_IDENTIFY_GRACE_MS` bounds
 * that). A baseline read sooner after an earlier operation on the instance would miss that
 * operation's task, and a later look could take it for ours. So when this machine sent one less than
 * a grace ago (a `dependsOn` chain, back-to-back runs), wait until it must be listed.
 */
async function settle(instanceId: string, options: { deadline?: number; clock?: Clock; journal?: Journal; log?: (message: string) => void }): Promise<void> {
    const last = options.journal?.lastSent?.(instanceId);
    if (last === undefined || !options.clock) return;
    // `last` is wall time (it may come from another process); capped at one grace against a clock step.
    const ago = wallNow(options.clock) - last;
    const waitMs = Math.min(DEFAULT_IDENTIFY_GRACE_MS - ago, DEFAULT_IDENTIFY_GRACE_MS, (options.deadline ?? Infinity) - options.clock.now());
    if (waitMs <= 0) return;
    options.log?.(
        `an operation was sent to instance ${instanceId} ${Math.max(0, Math.round(ago / 1000))} s ago; waiting ${Math.ceil(waitMs / 1000)} s until DCS lists it before recording the next intent`,
    );
    await options.clock.sleep(waitMs);
}

/** Duration of the newest SUCCESS task that has both times; DCS documents no order, so newest by `created_at`. */
export function lastSuccessDuration(tasks: readonly DcsBackgroundTask[]): number | undefined {
    let newest: { createdAt: number; updatedAt: number } | undefined;
    for (const { status, createdAt, updatedAt } of tasks) {
        if (taskJobStatus(status) !== JOB_STATUS.SUCCESS || createdAt === undefined || updatedAt === undefined || updatedAt <= createdAt) continue;
        if (!newest || createdAt > newest.createdAt) newest = { createdAt, updatedAt };
    }
    return newest ? newest.updatedAt - newest.createdAt : undefined;
}

/** True when this process recorded the intent (see `IntentRef.fresh`). */
export function recordedByThisProcess(intentId: string): boolean {
    return recordedHere.has(intentId);
}
