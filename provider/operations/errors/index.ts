export { OperationError } from "./operation-error";
export { OperationFailedError } from "./operation-failed-error";
export { OperationUnidentifiedError } from "./operation-unidentified-error";
export { SwapInProgressError } from "./swap-in-progress-error";
export { TaskListInconclusiveError } from "./task-list-inconclusive-error";
// `AdoptInstead` (./adopt-instead) stays internal: it never leaves `runOperation`.
