export { DcsErrorClass, classifyError, normaliseErrorCode } from "./classify";
export { DcsError } from "./dcs-error";
export { DcsApiError, DcsApiErrorDetails } from "./dcs-api-error";
export { DcsNetworkError } from "./dcs-network-error";
export { DcsConfigError } from "./dcs-config-error";
export { DcsAbortedError } from "./aborted-error";
export { DcsInstanceStateError } from "./instance-state-error";
export { AmbiguousTriggerError } from "./ambiguous-trigger-error";
