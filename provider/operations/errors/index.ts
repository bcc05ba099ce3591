export { OperationError } from "./operation-error";
export { OperationFailedError } from "./operation-failed-error";
export { OperationUnidentifiedError } from "./operation-unidentified-error";
export { SwapInProgressError } from "./swap-in-progress-error";
export { TaskListInconclusiveError } from "./task-list-inconclusive-error";
// `AdoptInstead` (./adopt-instead) stays internal: it never leaves `runOperation`.
export { RolesUnreadableError } from "./roles-unreadable-error";
export { SwitchoverUnconfirmedError } from "./switchover-unconfirmed-error";
export { IntentAlreadyUsedError } from "./intent-already-used-error";
