/**
 * The lifecycle of non-idempotent DCS operations: intent → send → record → identify → wait → adopt.
 * Used by the resources and the `dcs-jobs` CLI; depends on `dcs` and `jobs` only.
 */
export { runOperation, OperationTarget, OperationSend, OperationPorts, OperationOptions, IntentRef } from "./lifecycle";
export { ListedTarget, CallTarget } from "./target";
export { SWAP_TASK_NAME, SwapApi, swapSends, swapTarget } from "./swap";
export {
    OperationRecord,
    SENT,
    ACCEPTED,
    NOT_SENT,
    succeeded,
    unconfirmed,
    undecided,
    identifiedInFlight,
    unidentified,
    endedWithoutEffect,
    latestRecord,
} from "./record";
export { Intent, lastSuccessDuration, recordIntent, recordedByThisProcess } from "./intent";
export { Journal, fileJournal, noJournal, journalDir, withSendsOfThisProcess } from "./journal";
export { readAllTasks, TaskPageLister } from "./task-list";
export { taskReader, TaskGoneError, UNLISTED } from "./task-reader";
export { taskAsJob, taskJobStatus, unaccountedTasks } from "./identify";
export {
    IntentAlreadyUsedError,
    OperationError,
    OperationFailedError,
    OperationUnidentifiedError,
    RolesUnreadableError,
    SwapInProgressError,
    SwitchoverUnconfirmedError,
    TaskListInconclusiveError,
} from "./errors";
export { readRoles, Roles } from "./roles";
export { DEFAULT_IDENTIFY_GRACE_MS, IDENTIFY_FIRST_DELAY_MS, IDENTIFY_MAX_DELAY_MS, MAX_RESENDS, TASK_LIST_READS, READY_READS_IN_A_ROW } from "./defaults";
export { clientPorts, clientInstanceViews } from "./client-ports";
export { InstanceViews, waitUntilSettled } from "./instance-checks";
export { describeMaster } from "./switchover";
