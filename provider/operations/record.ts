import { DcsJobInfo, DcsMaster, JOB_STATUS, ReportedStatus } from "../dcs";

/** Sent, answered ambiguously (5xx, timeout, reset), not yet identified: may or may not run. */
export const SENT = "SENT";
/** Answered 2xx but without a job, not yet identified: it runs, and must never be sent again. */
export const ACCEPTED = "ACCEPTED";
/** Certainly never reached DCS (refused, 4xx): safe to send. */
export const NOT_SENT = "NOT_SENT";

/** A record's status: one of the three above, before DCS names a job or task; then DCS's own status. */
export type RecordStatus = typeof SENT | typeof ACCEPTED | typeof NOT_SENT | ReportedStatus;

/**
 * What is known about one non-idempotent operation: written to Pulumi state (outputs, or partial
 * state on failure) and to the local journal. `status` is the job's own status once identified.
 */
export interface OperationRecord {
    /** SENT, ACCEPTED, NOT_SENT, or the job/task status (INIT, RUNNING, SUCCESS, FAIL, or any other DCS reports). */
    status: RecordStatus;
    jobId?: string;
    /** Background task that carries the operation, when it was identified through the task list. */
    taskId?: string;
    /** Local epoch ms of the send whose outcome this record describes. */
    sentAt?: number;
    /** Which API started it ("async", "sync", "call"). */
    api?: string;
    /** The instance was already in the wanted state; nothing ran. */
    noChange?: boolean;
    /** The job as last read. */
    job?: DcsJobInfo;
    /** A switchover's master once the instance settled, where the cloud exposes node roles. */
    master?: DcsMaster;
    /** Whether that master differs from the one recorded with the intent; unset when either is unknown. */
    masterChanged?: boolean;
    /**
     * FAILED tasks of the operation outside the baseline that were already listed before this
     * record's send: they say nothing about it (an earlier attempt's, or an operator's).
     */
    earlierFailedTaskIds?: string[];
    /** How many runs have written this record to Pulumi state (0 before the first). */
    revision?: number;
    /** Journal entries only: the `revision` of the state the writing run started from. */
    basedOn?: number;
    /** Set when an operator recorded the outcome (`resolution`) instead of DCS showing it. */
    resolvedBy?: "operator";
}

/** A record that names the job or the background task that carries the operation: it can be followed. */
export type IdentifiedRecord = OperationRecord & ({ jobId: string } | { taskId: string });

/** A record whose status is DCS's SUCCESS. */
export type SuccessRecord = OperationRecord & { status: typeof JOB_STATUS.SUCCESS };

/** SUCCESS, and not contradicted by the node roles: nothing more to do for this operation. */
export function succeeded(record: OperationRecord | undefined): record is SuccessRecord {
    return record?.status === JOB_STATUS.SUCCESS && record.masterChanged !== false;
}

/** DCS reported SUCCESS but the master had not changed: it is read again, and never sent again. */
export function unconfirmed(record: OperationRecord | undefined): record is SuccessRecord & { masterChanged: false } {
    return record?.status === JOB_STATUS.SUCCESS && record.masterChanged === false;
}

/**
 * The record to go on from: state's, unless the journal holds one written by a run that started
 * from that very state and never got its result into state (killed, or its engine gone). A journal
 * entry based on an older state is stale: another run has written state since.
 */
export function latestRecord(state: OperationRecord | undefined, journaled: OperationRecord | undefined): OperationRecord | undefined {
    const revision = state?.revision ?? 0;
    if (journaled && (journaled.basedOn === revision || (journaled.basedOn === undefined && !state))) {
        const { basedOn: _basedOn, ...record } = journaled;
        return { ...record, revision };
    }
    return state;
}

/** Ended without effect (FAIL), or never sent: sending again cannot make a second switchover. */
export function endedWithoutEffect(record: OperationRecord | undefined): boolean {
    return record?.status === JOB_STATUS.FAIL || record?.status === NOT_SENT;
}

/** A job or task we know by id and that has not ended: wait for it, never send again. Any status DCS invents counts. */
export function identifiedInFlight(record: OperationRecord | undefined): record is IdentifiedRecord {
    if (!record || (record.jobId === undefined && record.taskId === undefined)) return false;
    return ![SENT, ACCEPTED, NOT_SENT, JOB_STATUS.SUCCESS, JOB_STATUS.FAIL].includes(record.status);
}

/** Sent but not identified: must be found before anything is sent again. */
export function unidentified(record: OperationRecord | undefined): boolean {
    return record?.status === SENT || record?.status === ACCEPTED;
}

/** Sent, and neither SUCCESS nor ended without effect: it keeps the intent it was sent under until decided. */
export function undecided(record: OperationRecord | undefined): boolean {
    return record !== undefined && !succeeded(record) && !endedWithoutEffect(record);
}
