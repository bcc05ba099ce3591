import { DcsAbortedError, DcsBackgroundTask, JOB_STATUS } from "../dcs";
import { DEFAULT_IDENTIFY_GRACE_MS } from "./defaults";
import { OperationError, OperationFailedError, OperationUnidentifiedError } from "./errors";
import type { InstanceViews } from "./instance-checks";
import type { ListedTarget, OperationOptions, OperationPorts, OperationTarget } from "./target";
import { taskJobStatus } from "./identify";
import { OperationRecord } from "./record";

/** One `runOperation` call: what it runs, what it talks to, and the intent's baseline as a set. */
export interface Run {
    target: OperationTarget;
    ports: OperationPorts;
    options: OperationOptions;
    baseline: ReadonlySet<string>;
    /** The state revision this run started from; what it leaves in state is the next one. */
    revision: number;
    /** FAILED tasks outside the baseline listed before the latest send: no evidence about it. */
    earlierFailed: Set<string>;
    /** FAILED tasks outside the baseline this run has seen listed; they join `earlierFailed` at the next send. */
    failedSeen: Set<string>;
}

/** A run whose operation DCS lists among the instance's tasks: it can be looked for. */
export type ListedRun = Run & { target: ListedTarget };

/** A switchover run on a port that reads the instance: readiness and node roles can be asked. */
export type RolesRun = ListedRun & { target: { switchover: true }; ports: { instances: InstanceViews } };

export function isListed(run: Run): run is ListedRun {
    return run.target.taskName !== undefined;
}

/** Whether the roles can be asked at all (a switchover on a port that reads them). */
export function usesRoles(run: Run): run is RolesRun {
    return isListed(run) && run.target.switchover === true && run.ports.instances !== undefined;
}

/** Writes the record to the journal, and notes the send for the next intent on the instance. */
export function journal(run: Run, record: OperationRecord): void {
    run.ports.journal.write(run.target.intent.intentId, { ...withEvidence(run, record), basedOn: run.revision });
    noteSent(run, record);
}

/** The record as it goes to state: with the FAILED tasks that predate its send, and the next revision. */
export function stamped(run: Run, record: OperationRecord): OperationRecord {
    return { ...withEvidence(run, record), revision: run.revision + 1 };
}

function withEvidence(run: Run, record: OperationRecord): OperationRecord {
    return { ...record, earlierFailedTaskIds: run.earlierFailed.size ? [...run.earlierFailed].sort() : undefined };
}

/**
 * Notes the FAILED tasks of the operation outside the baseline, and tells whether one failed
 * since the latest send: only such a task can be that send's (evidence after the send).
 */
export function failedSinceSend(run: Run, tasks: readonly DcsBackgroundTask[]): boolean {
    let since = false;
    for (const t of tasks) {
        if (t.name !== run.target.taskName || run.baseline.has(t.id) || taskJobStatus(t.status) !== JOB_STATUS.FAIL) continue;
        run.failedSeen.add(t.id);
        if (!run.earlierFailed.has(t.id)) since = true;
    }
    return since;
}

/** Right before a send: every FAILED task listed so far predates it. */
export function beforeSend(run: Run): void {
    for (const id of run.failedSeen) run.earlierFailed.add(id);
}

/** Anything sent that DCS may not list yet: the next intent on this instance, on this machine, waits until it is listed. */
export function noteSent(run: Run, record: OperationRecord): void {
    if (record.sentAt !== undefined && isListed(run)) run.ports.journal.noteSent?.(run.target.instanceId, record.sentAt);
}

/** For `.catch`: an abort goes on, any other failure reads as "unknown". */
export function unlessAborted(error: unknown): undefined {
    DcsAbortedError.passOn(error);
    return undefined;
}

/** An accepted operation whose task is listed FAILED: it ran and did nothing; a later run may send again. */
export function failedTask(run: Run, record: OperationRecord): OperationError {
    return new OperationError({ ...record, status: JOB_STATUS.FAIL }, failedError(run, "DCS accepted it, and its background task FAILED"));
}

/** The operation ran and did nothing, for `reason`. */
export function failedError(run: Run, reason: string): OperationFailedError {
    return new OperationFailedError({ operation: run.target.operation, instanceId: run.target.instanceId }, reason);
}

export function keep(record: OperationRecord | undefined, error: Error): Error {
    return record ? new OperationError(record, error) : error;
}

export function unidentifiedError(run: Run, sentAt: number | undefined, reason: string, cause?: unknown): OperationUnidentifiedError {
    return new OperationUnidentifiedError({ operation: run.target.operation, instanceId: run.target.instanceId, sentAt }, reason, cause);
}

export function graceMs(run: Run): number {
    return run.options.identifyGraceMs ?? DEFAULT_IDENTIFY_GRACE_MS;
}

/** When a look that starts now and lasts one grace ends: never after the run's deadline. */
export function graceEnd(run: Run): number {
    return Math.min(run.options.deadline, run.ports.clock.now() + graceMs(run));
}
