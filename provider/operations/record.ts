import { DcsJobInfo, DcsMaster } from "../dcs";

/** Sent, answered ambiguously (5xx, timeout, reset), not yet identified: may or may not run. */
export const SENT = "SENT";
/** Answered 2xx but without a job, not yet identified: it runs, and must never be sent again. */
export const ACCEPTED = "ACCEPTED";
/** Certainly never reached DCS (refused, 4xx): safe to send. */
export const NOT_SENT = "NOT_SENT";

/**
 * What is known about one non-idempotent operation: written to Pulumi state (outputs, or partial
 * state on failure) and to the local journal. `status` is the job's own status once identified.
 */
export interface OperationRecord {
    /** SENT, ACCEPTED, NOT_SENT, or the job/task status (INIT, RUNNING, SUCCESS, FAIL, or any other DCS reports). */
    status: string;
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
}

/** SUCCESS: nothing more to do for this operation. */
export function succeeded(record: OperationRecord | undefined): boolean {
    return record?.status === "SUCCESS";
}

/** Ended without effect (FAIL), or never sent: sending again cannot make a second switchover. */
export function endedWithoutEffect(record: OperationRecord | undefined): boolean {
    return record?.status === "FAIL" || record?.status === NOT_SENT;
}

/** A job or task we know by id and that has not ended: wait for it, never send again. Any status DCS invents counts. */
export function identifiedInFlight(record: OperationRecord | undefined): boolean {
    if (!record || (record.jobId === undefined && record.taskId === undefined)) return false;
    return ![SENT, ACCEPTED, NOT_SENT, "SUCCESS", "FAIL"].includes(record.status);
}

/** Sent but not identified: must be found before anything is sent again. */
export function unidentified(record: OperationRecord | undefined): boolean {
    return record?.status === SENT || record?.status === ACCEPTED;
}
