import { AmbiguousTriggerError, DcsApiError, TriggerEvent, TriggerResult, isMissingApi, wallNow, JOB_STATUS } from "../dcs";
import { MAX_RESENDS } from "./defaults";
import { AdoptInstead } from "./errors/adopt-instead";
import { IntentAlreadyUsedError, OperationError } from "./errors";
import { taskJobStatus } from "./identify";
import { lookForOwnTask, onBusy } from "./look";
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
import { Run, beforeSend, failedTask, graceEnd, graceMs, isListed, journal, keep, noteSent, stamped, unidentifiedError, usesRoles } from "./run";
import { NO_SYNC_PROOF, maySyncHaveBeenSent, reconfirm, rolesSinceIntent, swappedByRoles } from "./switchover";
import { adopt } from "./adopt";
import { confirmSync } from "./confirm-sync";
import { OperationOptions, OperationPorts, OperationTarget } from "./target";
import { wait } from "./waiting";

export { IntentRef, OperationOptions, OperationPorts, OperationSend, OperationTarget } from "./target";

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
    const record = latestRecord(prior, ports.journal.read(target.intent.intentId));
    const run: Run = {
        target,
        ports,
        options,
        baseline: new Set(target.intent.baselineTaskIds ?? []),
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
    if (succeeded(record)) return record;
    if (target.intent.postHoc && (unidentified(record) || unconfirmed(record)))
        throw keep(
            record,
            unidentifiedError(
                run,
                record?.sentAt,
                "its state was written before intents existed (0.1), so nothing recorded what the instance looked like before it was sent",
            ),
        );
    if (unconfirmed(record)) return reconfirm(run, record);
    if (identifiedInFlight(record)) {
        ports.log(`${target.operation}: resuming job ${record.jobId ?? record.taskId} (${record.status}) recorded by an earlier run`);
        noteSent(run, record);
        return wait(run, record, true);
    }
    // A 204 from the synchronous swap: it was accepted, and is confirmed rather than looked for.
    if (record?.status === ACCEPTED && record.api === "sync" && usesRoles(run)) return confirmSync(run, record);
    // An earlier attempt may exist: find it (or proof that it did nothing) before sending anything.
    if (record !== undefined || !target.intent.fresh) {
        const found = await identifyBeforeSending(run, record);
        if (found) return found;
    }
    return send(run, record);
}

/** The earlier attempt's outcome when one is found; undefined when sending cannot make a second switchover. */
async function identifyBeforeSending(run: Run, record: OperationRecord | undefined): Promise<OperationRecord | undefined> {
    if (!isListed(run)) {
        if (endedWithoutEffect(record)) return undefined;
        const reason = record
            ? "DCS may have accepted it, and no task list identifies this kind of call"
            : "an earlier run may have sent it: its intent was recorded before this run and no result reached the state";
        throw keep(record, unidentifiedError(run, record?.sentAt, reason));
    }
    const look = await lookForOwnTask(run, graceEnd(run));
    const reused = run.target.intent.reused;
    // Under an intent another resource already used, an ended swap is that resource's: never adopted as this one's.
    if (look.task && reused && taskJobStatus(look.task.status) === JOB_STATUS.SUCCESS) throw keep(record, alreadyUsed(run, reused.what));
    if (look.task) return adopt(run, look.task, record);
    if (!look.conclusive) throw keep(record, unidentifiedError(run, record?.sentAt, "the task list could not be read to tell whether it ran"));
    // Whatever the record says (FAIL included): where the roles can tell, they decide.
    const roles = await rolesSinceIntent(run, record);
    if (roles.verdict === "swapped" && reused) throw keep(record, alreadyUsed(run, reused.what));
    if (roles.verdict === "swapped") return swappedByRoles(run, record ?? { status: SENT }, roles.master);
    // Its task listed FAILED after a whole grace, with nothing adoptable: the accepted operation did nothing.
    if (record?.status === ACCEPTED && !look.failed)
        throw keep(record, unidentifiedError(run, record.sentAt, "DCS accepted it, but it is not in the task list"));
    // A synchronous swap may be missing from the task list although it ran: without roles, nothing can tell.
    if (roles.verdict === "unknown" && !endedWithoutEffect(record) && !look.failed && maySyncHaveBeenSent(run, record))
        throw keep(record, unidentifiedError(run, record?.sentAt, NO_SYNC_PROOF));
    return undefined;
}

function alreadyUsed(run: Run, what: string): IntentAlreadyUsedError {
    return new IntentAlreadyUsedError({ intentId: run.target.intent.intentId, operation: run.target.operation, why: what });
}

/** How one send went: DCS answered (a job, a 204, or "already so"), or the answer was ambiguous. */
type Attempt = { api: string; answered: TriggerResult } | { api: string; ambiguous: AmbiguousTriggerError };

/**
 * Sends the operation, and again only once an ambiguous answer was proven to have started nothing
 * (at most `MAX_RESENDS` more times). Each round: `attempt` → `accepted`, or `afterAmbiguous` → adopt,
 * proof of a switchover, a stop, or one more round.
 */
async function send(run: Run, prior: OperationRecord | undefined): Promise<OperationRecord> {
    for (let resend = 0; ; resend++) {
        beforeSend(run);
        let sent: Attempt;
        try {
            sent = await attempt(run, resend > 0 ? prior : undefined);
        } catch (error) {
            if (error instanceof AdoptInstead && isListed(run)) return adopt(run, error.task, prior);
            if (error instanceof OperationError) throw error;
            throw keep(prior ?? { status: NOT_SENT }, error as Error);
        }
        if ("answered" in sent) return accepted(run, sent.answered, sent.api);
        const next = await afterAmbiguous(run, sent.ambiguous, sent.api, resend);
        if ("done" in next) return next.done;
        prior = next.sendAgain;
    }
}

/** One send: each API in turn while DCS answers that the previous one does not exist here. */
async function attempt(run: Run, resending: OperationRecord | undefined): Promise<Attempt> {
    const { ports, options, target } = run;
    for (const [index, { api, spec }] of target.sends.entries()) {
        // Written ahead: a run killed while this send is on the wire leaves SENT for the next run on this machine.
        journal(run, { status: SENT, api, sentAt: wallNow(ports.clock) });
        try {
            const answered = await ports.trigger(spec, {
                deadline: options.deadline,
                signal: ports.signal,
                onBusy: () => onBusy(run, resending),
                onEvent: (e) => logEvent(run, e),
                beforeAttempt: options.beforeSend,
            });
            return { api, answered };
        } catch (error) {
            if (error instanceof AmbiguousTriggerError) return { api, ambiguous: error };
            const next = target.sends[index + 1];
            if (!next || !isMissingApi(error)) throw error;
            ports.log(`the ${api} API does not exist here (${(error as DcsApiError).errorCode}); using the ${next.api} API`);
        }
    }
    throw new Error(`${target.operation}: no API to send it with`);
}

/** DCS answered: done already, a job to wait for, or (the synchronous swap) accepted without a job. */
async function accepted(run: Run, result: TriggerResult, api: string): Promise<OperationRecord> {
    const { ports, options, target } = run;
    const where = target.instanceId ? ` on instance ${target.instanceId}` : "";
    if (result.noChange) return { status: JOB_STATUS.SUCCESS, noChange: true, api, sentAt: result.sentAt };
    if (result.jobId) {
        const record = { status: JOB_STATUS.INIT, jobId: result.jobId, sentAt: result.sentAt, api };
        // Journal first: the log line is what an operator (or a test) reacts to.
        journal(run, record);
        ports.log(`${target.operation} accepted${where}: job ${result.jobId}`);
        return wait(run, record, false);
    }
    // Accepted without a job (the synchronous swap): its task is how we follow it.
    const record: OperationRecord = { status: ACCEPTED, sentAt: result.sentAt, api };
    journal(run, record);
    ports.log(`${target.operation} accepted${where} (${api} API, no job); confirming it`);
    if (!isListed(run)) return { ...record, status: JOB_STATUS.SUCCESS };
    if (usesRoles(run)) return confirmSync(run, record);
    const look = await lookForOwnTask(run, options.deadline);
    if (look.task) return adopt(run, look.task, record);
    if (look.failed) throw failedTask(run, record);
    throw new OperationError(record, unidentifiedError(run, record.sentAt, "DCS accepted it, but no background task for it appeared"));
}

/**
 * An ambiguous answer (5xx, timeout, reset, a 2xx without a job): find the operation among the
 * tasks. Sent again only when a whole grace showed nothing of it, DCS did not accept it, and the
 * roles (where they exist) show no switchover.
 */
async function afterAmbiguous(
    run: Run,
    error: AmbiguousTriggerError,
    api: string,
    resend: number,
): Promise<{ done: OperationRecord } | { sendAgain: OperationRecord }> {
    const { ports, options, target } = run;
    const record: OperationRecord = { status: error.accepted ? ACCEPTED : SENT, sentAt: error.sentAt, api };
    journal(run, record);
    if (!isListed(run))
        throw new OperationError(record, unidentifiedError(run, error.sentAt, `the answer was ambiguous (${(error.cause as Error).message})`, error));
    ports.log(`${target.operation}: ${error.message}; looking for it among the background tasks`);
    const look = await lookForOwnTask(run, error.accepted ? options.deadline : graceEnd(run));
    if (look.task) return { done: await adopt(run, look.task, record) };
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
    if (roles.verdict === "swapped") return { done: swappedByRoles(run, record, roles.master) };
    if (roles.verdict === "unknown" && maySyncHaveBeenSent(run, record))
        throw new OperationError(record, unidentifiedError(run, error.sentAt, NO_SYNC_PROOF, error));
    const proof = roles.verdict === "not-swapped" ? " and the master is unchanged, so DCS did not swap" : ", so DCS did not accept it";
    ports.log(`${target.operation}: not in the task list after ${graceMs(run) / 1000} s${proof}; sending it again`);
    return { sendAgain: { ...record, status: NOT_SENT } };
}

function logEvent(run: Run, event: TriggerEvent): void {
    const where = run.target.instanceId ? `instance ${run.target.instanceId}` : "DCS";
    if (event.kind !== "busy") return;
    const left = Math.max(0, Math.ceil((run.options.deadline - run.ports.clock.now()) / 1000));
    run.ports.log(`${where} is busy (${event.error.errorCode}); waiting until it is RUNNING with no task, for at most ${left} s (the timeout)`);
}
