/**
 * The lifecycle of non-idempotent DCS operations: intent → send → record → identify → wait → adopt.
 * Used by the resources and the `dcs-jobs` CLI; depends on `dcs` and `jobs` only.
 */
export { runOperation, OperationTarget, OperationSend, OperationPorts, OperationOptions, IntentRef } from "./lifecycle";
export { OperationRecord, SENT, ACCEPTED, NOT_SENT, succeeded, identifiedInFlight, unidentified, endedWithoutEffect } from "./record";
export { Intent, recordIntent, recordedByThisProcess } from "./intent";
export { Journal, fileJournal, noJournal, journalDir } from "./journal";
export { readAllTasks, TaskPageLister, TaskListInconclusiveError } from "./task-list";
export { taskReader, UNLISTED } from "./task-reader";
export { taskAsJob, taskJobStatus, unaccountedTasks } from "./identify";
export { OperationError } from "./errors/operation-error";
export { OperationUnidentifiedError } from "./errors/operation-unidentified-error";
export { SwapInProgressError } from "./errors/swap-in-progress-error";
export { DEFAULT_IDENTIFY_GRACE_MS } from "./defaults";
export { clientPorts, clientInstanceViews } from "./client-ports";
export { InstanceViews, waitUntilSettled, currentMaster } from "./instance-checks";
export { describeMaster } from "./switchover";
