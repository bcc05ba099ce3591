import {
    AmbiguousTriggerError,
    Clock,
    DcsAbortedError,
    DcsApiError,
    DcsBackgroundTask,
    DcsError,
    DcsJobInfo,
    TriggerEvent,
    TriggerResult,
    TriggerSpec,
    isMissingApi,
} from "../dcs";
import { JobFailedError, JobReader, JobTimeoutError, PollPolicy, waitForJob } from "../jobs";
import { IDENTIFY_FIRST_DELAY_MS, IDENTIFY_MAX_DELAY_MS, MAX_RESENDS } from "./defaults";
import { AdoptInstead } from "./errors/adopt-instead";
import { OperationError } from "./errors";
import { foreignRunning, pickAdoptable, taskJobStatus, unaccountedTasks } from "./identify";
import { InstanceViews } from "./instance-checks";
import { Journal } from "./journal";
import { ACCEPTED, NOT_SENT, OperationRecord, SENT, endedWithoutEffect, identifiedInFlight, succeeded } from "./record";
import { Run, failedTask, graceEnd, graceMs, journal, keep, noteSent, unidentifiedError } from "./run";
import { confirmSync, finish, maySyncHaveBeenSent, syncSwapProof, usesRoles } from "./switchover";
import { TaskPageLister, readAllTasks } from "./task-list";
import { taskReader } from "./task-reader";

/** One way to start the operation. */
export interface OperationSend {
    /** Recorded in state: "async", "sync", "call". */
    api: string;
    spec: TriggerSpec;
}

/** The decision, recorded in Pulumi state before anything was sent (see `intent.ts`). */
export interface IntentRef {
    id: string;
    /** Ids of the instance's `taskName` tasks listed when the intent was recorded. */
    baseline?: readonly string[];
    /** Recorded by this very process: no earlier attempt at this operation can exist. */
    fresh: boolean;
    /** The master node when the intent was recorded, where the cloud exposes node roles. */
    baselineMaster?: string;
}

/** What to run. */
export interface OperationTarget {
    /** For messages, e.g. "master/standby swap". */
    operation: string;
    instanceId?: string;
    /** Background-task name that identifies the operation after the fact; without it nothing can be. */
    taskName?: string;
    /** Tried in order; the next only when DCS says the previous API does not exist (APIG.0101, DCS.4001). */
    sends: OperationSend[];
    intent: IntentRef;
    /** The error for a running task of `taskName` that predates the intent (someone else's). */
    conflict?: (task: DcsBackgroundTask) => DcsError;
    /**
     * A switchover: it ends only once the instance is ready on two reads in a row, and reports the
     * master. A synchronous send is confirmed that way too, and is never sent again without proof
     * (a task, or the roles) that it did not swap.
     */
    switchover?: boolean;
}

/** Everything the lifecycle talks to; the resources and the CLI bind a `DcsClient`, tests a model. */
export interface OperationPorts {
    clock: Clock;
    trigger(
        spec: TriggerSpec,
        options: { deadline: number; signal?: AbortSignal; onBusy?: (error: DcsApiError) => Promise<void>; onEvent?: (e: TriggerEvent) => void },
    ): Promise<TriggerResult>;
    jobs: JobReader;
    tasks: TaskPageLister;
    /** Readiness and roles; without them a switchover ends with its job, and a sync send is identified by its task alone. */
    instances?: InstanceViews;
    journal: Journal;
    log(message: string): void;
    signal?: AbortSignal;
}

export interface OperationOptions {
    /** Absolute epoch-ms deadline of the whole operation, on `ports.clock`; every wait below ends by it. */
    deadline: number;
    pollPolicy?: Partial<PollPolicy>;
    /** How long the same operation took last time on this instance, when known: see `WaitOptions.expectedDurationMs`. */
    expectedDurationMs?: number;
    /** See `DEFAULT_IDENTIFY_GRACE_MS`. */
    identifyGraceMs?: number;
    random?: () => number;
    onStatus?: (job: DcsJobInfo, elapsedMs: number) => void;
}

/**
 * Drives one non-idempotent operation from "decided" to SUCCESS: resume → identify → send →
 * record → identify → wait → adopt. `prior` is what Pulumi state holds from earlier runs.
 *
 * Resolves with the SUCCESS record. Rejects with `OperationError` (its `record` belongs in state)
 * once anything may have been sent, and with the plain error when nothing was.
 * The rules, argued in docs/design/exactly-once.md:
 * - a job known by id and not ended is waited for, whatever status DCS reports;
 * - nothing is sent while a task of `taskName` outside the intent's baseline, and not failed, exists: it is adopted;
 * - after a 2xx nothing is ever sent again; after any other ambiguous answer only once the task list, read whole,
 *   has not shown the operation for the whole grace period.
 */
export async function runOperation(
    target: OperationTarget,
    prior: OperationRecord | undefined,
    ports: OperationPorts,
    options: OperationOptions,
): Promise<OperationRecord> {
    const run: Run = { target, ports, options, baseline: new Set(target.intent.baseline ?? []) };
    const record = prior ?? ports.journal.read(target.intent.id);
    if (succeeded(record)) return record!;
    if (identifiedInFlight(record)) {
        ports.log(`${target.operation}: resuming job ${record!.jobId ?? record!.taskId} (${record!.status}) recorded by an earlier run`);
        noteSent(run, record!);
        return wait(run, record!, true);
    }
    // A 204 from the synchronous swap: it was accepted, and is confirmed rather than looked for.
    if (record?.status === ACCEPTED && record.api === "sync" && usesRoles(run)) return confirmSync(run, record, (task, prior) => adopt(run, task, prior));
    // An earlier attempt may exist: find it before sending anything.
    if (record !== undefined || !target.intent.fresh) {
        if (!target.taskName) {
            if (!endedWithoutEffect(record)) {
                const reason = record
                    ? "DCS may have accepted it, and no task list identifies this kind of call"
                    : "an earlier run may have sent it: its intent was recorded before this run and no result reached the state";
                throw keep(record, unidentifiedError(run, record?.sentAt, reason));
            }
        } else {
            const look = await lookForOwnTask(run, graceEnd(run));
            if (look.task) return adopt(run, look.task, record);
            if (!look.conclusive) throw keep(record, unidentifiedError(run, record?.sentAt, "the task list could not be read to tell whether it ran"));
            // Its task listed FAILED after a whole grace, with nothing adoptable: the accepted swap did not swap.
            if (record?.status === ACCEPTED && !look.failed)
                throw keep(record, unidentifiedError(run, record.sentAt, "DCS accepted it, but it is not in the task list"));
            // A synchronous swap may be missing from the task list although it ran: only the roles can tell.
            if (!endedWithoutEffect(record) && !look.failed && maySyncHaveBeenSent(run, record)) {
                const swapped = await syncSwapProof(run, record);
                if (swapped) return swapped;
            }
        }
    }
    return send(run, record);
}

async function send(run: Run, prior: OperationRecord | undefined): Promise<OperationRecord> {
    const { ports, options, target } = run;
    for (let resend = 0; ; resend++) {
        let api = target.sends[0].api;
        let result: TriggerResult | undefined;
        try {
            for (const [index, { api: candidate, spec }] of target.sends.entries()) {
                api = candidate;
                try {
                    result = await ports.trigger(spec, {
                        deadline: options.deadline,
                        signal: ports.signal,
                        onBusy: () => onBusy(run),
                        onEvent: (e) => logEvent(run, e),
                    });
                    break;
                } catch (error) {
                    if (index === target.sends.length - 1 || !isMissingApi(error)) throw error;
                    ports.log(`the ${candidate} API does not exist here (${(error as DcsApiError).errorCode}); using the ${target.sends[index + 1].api} API`);
                }
            }
        } catch (error) {
            if (error instanceof AdoptInstead) return adopt(run, error.task, prior);
            if (!(error instanceof AmbiguousTriggerError)) throw keep(prior ?? { status: NOT_SENT }, error as Error);
            const record: OperationRecord = { status: error.accepted ? ACCEPTED : SENT, sentAt: error.sentAt, api };
            journal(run, record);
            if (!target.taskName)
                throw new OperationError(record, unidentifiedError(run, error.sentAt, `the answer was ambiguous (${(error.cause as Error).message})`, error));
            ports.log(`${target.operation}: ${error.message}; looking for it among the background tasks`);
            const look = await lookForOwnTask(run, error.accepted ? options.deadline : graceEnd(run));
            if (look.task) return adopt(run, look.task, record);
            if (error.accepted && look.failed) throw failedTask(run, record);
            if (!look.conclusive || error.accepted || resend >= MAX_RESENDS) {
                const reason = !look.conclusive
                    ? "the task list could not be read to tell whether it ran"
                    : error.accepted
                      ? "DCS accepted it, but it is not in the task list"
                      : `not listed, and already sent ${resend + 1} times`;
                throw new OperationError(record, unidentifiedError(run, error.sentAt, reason, error));
            }
            const sync = maySyncHaveBeenSent(run, record);
            if (sync) {
                const swapped = await syncSwapProof(run, record, error);
                if (swapped) return swapped;
            }
            const proof = sync ? " and the master is unchanged, so DCS did not swap" : ", so DCS did not accept it";
            ports.log(`${target.operation}: not in the task list after ${graceMs(run) / 1000} s${proof}; sending it again`);
            prior = { status: NOT_SENT, sentAt: error.sentAt, api };
            continue;
        }
        if (result!.noChange) return { status: "SUCCESS", noChange: true, api, sentAt: result!.sentAt };
        if (result!.jobId) {
            const record: OperationRecord = { status: "INIT", jobId: result!.jobId, sentAt: result!.sentAt, api };
            // Journal first: the log line is what an operator (or a test) reacts to.
            journal(run, record);
            ports.log(`${target.operation} accepted${target.instanceId ? ` on instance ${target.instanceId}` : ""}: job ${result!.jobId}`);
            return wait(run, record, false);
        }
        // Accepted without a job (the synchronous swap): its task is how we follow it.
        const record: OperationRecord = { status: ACCEPTED, sentAt: result!.sentAt, api };
        journal(run, record);
        ports.log(`${target.operation} accepted${target.instanceId ? ` on instance ${target.instanceId}` : ""} (${api} API, no job); confirming it`);
        if (!target.taskName) return { ...record, status: "SUCCESS" };
        if (usesRoles(run)) return confirmSync(run, record, (task, prior) => adopt(run, task, prior));
        const look = await lookForOwnTask(run, options.deadline);
        if (look.task) return adopt(run, look.task, record);
        if (look.failed) throw failedTask(run, record);
        throw new OperationError(record, unidentifiedError(run, record.sentAt, "DCS accepted it, but no background task for it appeared"));
    }
}

async function adopt(run: Run, task: DcsBackgroundTask, prior: OperationRecord | undefined): Promise<OperationRecord> {
    const record: OperationRecord = { status: taskJobStatus(task.status), jobId: task.jobId, taskId: task.id, sentAt: prior?.sentAt, api: prior?.api };
    journal(run, record);
    run.ports.log(
        `${run.target.operation}: found it as background task ${task.id}${task.jobId ? ` (job ${task.jobId})` : ""}, ${task.status}; adopting it instead of sending again`,
    );
    return wait(run, record, true);
}

async function wait(run: Run, record: OperationRecord, resumed: boolean): Promise<OperationRecord> {
    const { ports, options, target } = run;
    const reader = record.jobId !== undefined ? ports.jobs : taskReader(ports.tasks, target.instanceId!, target.taskName!);
    const id = (record.jobId ?? record.taskId)!;
    try {
        const job = await waitForJob(reader, id, {
            deadline: options.deadline,
            pollPolicy: options.pollPolicy,
            // History times a job from its start; a resumed or adopted job started before this wait.
            expectedDurationMs: resumed ? undefined : options.expectedDurationMs,
            pollImmediately: resumed,
            clock: ports.clock,
            signal: ports.signal,
            random: options.random,
            onStatus: options.onStatus,
        });
        return await finish(run, { ...record, status: job.status, job });
    } catch (error) {
        if (error instanceof OperationError) throw error;
        let last = record;
        if (error instanceof JobFailedError) last = { ...record, status: "FAIL", job: error.job };
        else if (error instanceof JobTimeoutError && error.lastJob) last = { ...record, status: error.lastJob.status, job: error.lastJob };
        throw new OperationError(last, error as Error);
    }
}

/**
 * Reads the whole task list until an unaccounted task shows up or `giveUpAt` (epoch ms, at most the
 * run's deadline) has passed. Conclusive only when the last read, at or after that time, succeeded.
 */
async function lookForOwnTask(run: Run, giveUpAt: number): Promise<{ task?: DcsBackgroundTask; conclusive: boolean; failed?: boolean }> {
    const { ports, target } = run;
    const startedAt = ports.clock.now();
    let delay = IDENTIFY_FIRST_DELAY_MS;
    for (;;) {
        let conclusive = false;
        let failed = false;
        try {
            const tasks = await readAllTasks(ports.tasks, target.instanceId!, { signal: ports.signal, deadline: run.options.deadline });
            const task = pickAdoptable(unaccountedTasks(tasks, target.taskName!, run.baseline));
            if (task) return { task, conclusive: true };
            conclusive = true;
            failed = tasks.some((t) => t.name === target.taskName && !run.baseline.has(t.id) && taskJobStatus(t.status) === "FAIL");
        } catch (error) {
            if (error instanceof DcsAbortedError) throw error;
        }
        const now = ports.clock.now();
        // A failed task of ours listed a whole grace after the send: nothing of this intent swapped, none will.
        if (now >= giveUpAt || (failed && now - startedAt >= graceMs(run))) return { conclusive, failed };
        await ports.clock.sleep(Math.min(delay, giveUpAt - now), ports.signal);
        delay = Math.min(IDENTIFY_MAX_DELAY_MS, delay * 2);
    }
}

/** A busy answer: if our own operation is already listed, adopt it; if someone else's runs, stop. */
async function onBusy(run: Run): Promise<void> {
    const { target, ports } = run;
    if (!target.taskName) return;
    const tasks = await readAllTasks(ports.tasks, target.instanceId!, { signal: ports.signal, deadline: run.options.deadline }).catch((error) => {
        if (error instanceof DcsAbortedError) throw error;
        return undefined;
    });
    if (!tasks) return;
    const own = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
    if (own) throw new AdoptInstead(own);
    const foreign = foreignRunning(tasks, target.taskName, run.baseline);
    if (foreign && target.conflict) throw target.conflict(foreign);
}

function logEvent(run: Run, event: TriggerEvent): void {
    const where = run.target.instanceId ? `instance ${run.target.instanceId}` : "DCS";
    if (event.kind === "busy") run.ports.log(`${where} is busy (${event.error.errorCode}); waiting until it is RUNNING with no task`);
}
