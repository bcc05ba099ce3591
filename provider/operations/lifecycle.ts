import {
    AmbiguousTriggerError,
    Clock,
    normaliseErrorCode,
    wallNow,
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
import { IntentAlreadyUsedError, OperationError } from "./errors";
import { foreignRunning, pickAdoptable, taskJobStatus, unaccountedTasks } from "./identify";
import { InstanceViews } from "./instance-checks";
import { Journal } from "./journal";
import {
    ACCEPTED,
    NOT_SENT,
    OperationRecord,
    SENT,
    endedWithoutEffect,
    identifiedInFlight,
    latestRecord,
    succeeded,
    unconfirmed,
    unidentified,
} from "./record";
import {
    Run,
    beforeSend,
    failedError,
    failedSinceSend,
    failedTask,
    graceEnd,
    graceMs,
    journal,
    keep,
    noteSent,
    stamped,
    unidentifiedError,
    unlessAborted,
} from "./run";
import { NO_SYNC_PROOF, confirmSync, describeMaster, finish, maySyncHaveBeenSent, reconfirm, rolesSinceIntent, swappedByRoles, usesRoles } from "./switchover";
import { TaskPageLister, readAllTasks } from "./task-list";
import { TaskGoneError, taskReader } from "./task-reader";

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
    /**
     * Another resource in state holds this intent, or one that held it was deleted: Pulumi is
     * creating the resource again (`--replace`, a targeted destroy then `up`). An operation that ended
     * under the intent is that resource's: it is never adopted as this one's.
     */
    reused?: { what: string };
    /**
     * Recorded after the operation may already have been sent (state written before intents
     * existed): its baseline and master may include that very operation, so they prove nothing.
     */
    postHoc?: boolean;
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
        options: {
            deadline: number;
            signal?: AbortSignal;
            onBusy?: (error: DcsApiError) => Promise<void>;
            onEvent?: (e: TriggerEvent) => void;
            beforeAttempt?: () => void;
        },
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
    /** Called right before every send attempt (after any wait); throw to send nothing (a rolling swap's stop rule). */
    beforeSend?: () => void;
}

/**
 * Drives one non-idempotent operation from "decided" to SUCCESS: resume → identify → send →
 * record → identify → wait → adopt. `prior` is what Pulumi state holds from earlier runs; a journal
 * entry written after it (by a run killed before its result reached state) wins over it.
 *
 * Resolves with the SUCCESS record. Rejects with `OperationError` (its `record` belongs in state)
 * once anything may have been sent, and with the plain error when nothing was.
 * The rules, argued in docs/design/exactly-once.md:
 * - a job known by id and not ended is waited for, whatever status DCS reports;
 * - nothing is sent while a task of `taskName` outside the intent's baseline, and not failed, exists: it is adopted;
 * - where node roles can be read, nothing is sent again once the master differs from the intent's;
 * - after a 2xx nothing is ever sent again; after any other ambiguous answer only once the task list, read whole,
 *   has not shown the operation for the whole grace period (and the roles, where they exist, show no switchover).
 */
export async function runOperation(
    target: OperationTarget,
    prior: OperationRecord | undefined,
    ports: OperationPorts,
    options: OperationOptions,
): Promise<OperationRecord> {
    const record = latestRecord(prior, ports.journal.read(target.intent.id));
    const run: Run = {
        target,
        ports,
        options,
        baseline: new Set(target.intent.baseline ?? []),
        revision: record?.revision ?? 0,
        earlierFailed: new Set(record?.earlierFailedTaskIds ?? []),
        failedSeen: new Set(),
    };
    try {
        return stamped(run, await resume(run, record));
    } catch (error) {
        if (error instanceof OperationError) throw new OperationError(stamped(run, error.record), error.cause as Error);
        throw error;
    }
}

async function resume(run: Run, record: OperationRecord | undefined): Promise<OperationRecord> {
    const { target, ports } = run;
    if (succeeded(record)) return record!;
    if (target.intent.postHoc && (unidentified(record) || unconfirmed(record)))
        throw keep(
            record,
            unidentifiedError(
                run,
                record?.sentAt,
                "its state was written before intents existed (0.1), so nothing recorded what the instance looked like before it was sent",
            ),
        );
    if (unconfirmed(record)) return reconfirm(run, record!);
    if (identifiedInFlight(record)) {
        ports.log(`${target.operation}: resuming job ${record!.jobId ?? record!.taskId} (${record!.status}) recorded by an earlier run`);
        noteSent(run, record!);
        return wait(run, record!, true);
    }
    // A 204 from the synchronous swap: it was accepted, and is confirmed rather than looked for.
    if (record?.status === ACCEPTED && record.api === "sync" && usesRoles(run)) return confirmSync(run, record, (task, prior) => adopt(run, task, prior));
    // An earlier attempt may exist: find it (or proof that it did nothing) before sending anything.
    if (record !== undefined || !target.intent.fresh) {
        const found = await identifyBeforeSending(run, record);
        if (found) return found;
    }
    return send(run, record);
}

/** The earlier attempt's outcome when one is found; undefined when sending cannot make a second switchover. */
async function identifyBeforeSending(run: Run, record: OperationRecord | undefined): Promise<OperationRecord | undefined> {
    if (!run.target.taskName) {
        if (endedWithoutEffect(record)) return undefined;
        const reason = record
            ? "DCS may have accepted it, and no task list identifies this kind of call"
            : "an earlier run may have sent it: its intent was recorded before this run and no result reached the state";
        throw keep(record, unidentifiedError(run, record?.sentAt, reason));
    }
    const look = await lookForOwnTask(run, graceEnd(run));
    const reused = run.target.intent.reused;
    if (look.task && reused && ["SUCCESS", "FAIL"].includes(taskJobStatus(look.task.status)))
        throw keep(record, new IntentAlreadyUsedError({ intentId: run.target.intent.id, operation: run.target.operation, why: reused.what }));
    if (look.task) return adopt(run, look.task, record);
    if (!look.conclusive) throw keep(record, unidentifiedError(run, record?.sentAt, "the task list could not be read to tell whether it ran"));
    // Whatever the record says (FAIL included): where the roles can tell, they decide.
    const roles = await rolesSinceIntent(run, record);
    if (roles.verdict === "swapped" && reused)
        throw keep(record, new IntentAlreadyUsedError({ intentId: run.target.intent.id, operation: run.target.operation, why: reused.what }));
    if (roles.verdict === "swapped") return swappedByRoles(run, record ?? { status: SENT }, roles.master);
    // Its task listed FAILED after a whole grace, with nothing adoptable: the accepted operation did nothing.
    if (record?.status === ACCEPTED && !look.failed)
        throw keep(record, unidentifiedError(run, record.sentAt, "DCS accepted it, but it is not in the task list"));
    // A synchronous swap may be missing from the task list although it ran: without roles, nothing can tell.
    if (roles.verdict === "unknown" && !endedWithoutEffect(record) && !look.failed && maySyncHaveBeenSent(run, record))
        throw keep(record, unidentifiedError(run, record?.sentAt, NO_SYNC_PROOF));
    return undefined;
}

async function send(run: Run, prior: OperationRecord | undefined): Promise<OperationRecord> {
    const { ports, options, target } = run;
    for (let resend = 0; ; resend++) {
        let api = target.sends[0].api;
        let result: TriggerResult | undefined;
        beforeSend(run);
        try {
            for (const [index, { api: candidate, spec }] of target.sends.entries()) {
                api = candidate;
                // Written ahead: a run killed while this send is on the wire leaves SENT for the next run on this machine.
                journal(run, { status: SENT, api, sentAt: wallNow(ports.clock) });
                try {
                    result = await ports.trigger(spec, {
                        deadline: options.deadline,
                        signal: ports.signal,
                        onBusy: () => onBusy(run, resend > 0 ? prior : undefined),
                        onEvent: (e) => logEvent(run, e),
                        beforeAttempt: options.beforeSend,
                    });
                    break;
                } catch (error) {
                    if (index === target.sends.length - 1 || !isMissingApi(error)) throw error;
                    ports.log(`the ${candidate} API does not exist here (${(error as DcsApiError).errorCode}); using the ${target.sends[index + 1].api} API`);
                }
            }
        } catch (error) {
            if (error instanceof AdoptInstead) return adopt(run, error.task, prior);
            if (error instanceof OperationError) throw error;
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
            // Not listed for a whole grace. Where roles exist they must agree, whichever API was used.
            const roles = await rolesSinceIntent(run, record);
            if (roles.verdict === "swapped") return swappedByRoles(run, record, roles.master);
            if (roles.verdict === "unknown" && maySyncHaveBeenSent(run, record))
                throw new OperationError(record, unidentifiedError(run, error.sentAt, NO_SYNC_PROOF, error));
            const proof = roles.verdict === "not-swapped" ? " and the master is unchanged, so DCS did not swap" : ", so DCS did not accept it";
            ports.log(`${target.operation}: not in the task list after ${graceMs(run) / 1000} s${proof}; sending it again`);
            prior = { ...record, status: NOT_SENT };
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
    const reader =
        record.jobId !== undefined
            ? ports.jobs
            : taskReader(ports.tasks, target.instanceId!, target.taskName!, { clock: ports.clock, goneAfterMs: graceMs(run) });
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
        if (isGone(error)) return decideGone(run, record, error as Error);
        let last = record;
        if (error instanceof JobFailedError) last = { ...record, status: "FAIL", job: error.job };
        else if (error instanceof JobTimeoutError && error.lastJob) last = { ...record, status: error.lastJob.status, job: error.lastJob };
        throw new OperationError(last, error as Error);
    }
}

/** DCS no longer shows the job (404 past its grace) or the task (retention): it ended, one way or the other. */
function isGone(error: unknown): boolean {
    return (
        error instanceof TaskGoneError ||
        (error instanceof DcsApiError && error.errorClass === "not-found" && normaliseErrorCode(error.errorCode) !== "APIG.0101")
    );
}

/**
 * A job or task DCS has forgotten is decided by the master where roles exist: changed, it swapped;
 * unchanged, it ended without effect (FAIL: a later run may send again). Elsewhere nothing can
 * tell, and the run stops with the record kept, for an operator to resolve.
 */
async function decideGone(run: Run, record: OperationRecord, cause: Error): Promise<OperationRecord> {
    const what = `DCS no longer shows ${record.jobId ? `job ${record.jobId}` : `background task ${record.taskId}`}`;
    const roles = run.target.switchover ? await rolesSinceIntent(run, record) : { verdict: "unknown" as const };
    if (roles.verdict === "swapped") return swappedByRoles(run, record, roles.master);
    if (roles.verdict === "not-swapped") {
        const failed: OperationRecord = { ...record, status: "FAIL", master: roles.master, masterChanged: false };
        journal(run, failed);
        throw new OperationError(failed, failedError(run, `${what}, and ${describeMaster(roles.master)} is still the master: it did not swap`));
    }
    throw new OperationError(record, unidentifiedError(run, record.sentAt, `${what}, so whether it took effect cannot be read any more`, cause));
}

/**
 * Reads the whole task list until an unaccounted task shows up or `giveUpAt` (on the run's clock, at
 * most its deadline) has passed. Conclusive only when the last read, at or after that time, succeeded.
 * `failed`: a FAILED task of the operation listed since the latest send (older ones say nothing about it).
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
            failed = failedSinceSend(run, tasks);
            const task = pickAdoptable(unaccountedTasks(tasks, target.taskName!, run.baseline));
            if (task) return { task, conclusive: true };
            conclusive = true;
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

/**
 * A busy answer: if our own operation is already listed, adopt it; if someone else's runs, stop.
 * Busy on a resend with nothing listed to explain it stops too: the first send may be running
 * without being listed yet, and waiting it out would then send a second swap.
 */
async function onBusy(run: Run, resending: OperationRecord | undefined): Promise<void> {
    const { target, ports } = run;
    if (!target.taskName) return;
    const tasks = await readAllTasks(ports.tasks, target.instanceId!, { signal: ports.signal, deadline: run.options.deadline }).catch(unlessAborted);
    if (tasks) {
        const own = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
        if (own) throw new AdoptInstead(own);
        const foreign = foreignRunning(tasks, target.taskName, run.baseline);
        if (foreign && target.conflict) throw target.conflict(foreign);
    }
    if (resending)
        throw new OperationError(
            { ...resending, status: SENT },
            unidentifiedError(
                run,
                resending.sentAt,
                "DCS answered busy to the resend, and no task of ours is listed: the first send may be what keeps it busy",
            ),
        );
}

function logEvent(run: Run, event: TriggerEvent): void {
    const where = run.target.instanceId ? `instance ${run.target.instanceId}` : "DCS";
    if (event.kind === "busy") run.ports.log(`${where} is busy (${event.error.errorCode}); waiting until it is RUNNING with no task`);
}
