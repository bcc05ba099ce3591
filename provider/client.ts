/**
 * `pulumi-dcs-jobs/client`: the DCS client for use outside Pulumi (scripts, the CLI's kind of tools).
 *
 * A curated list, not the whole `provider/dcs` layer: the client, what its options and answers are
 * made of, the errors it throws, and `waitForJob`. Signing, request building, parsing and the
 * trigger rules stay inside, so they can change without breaking a caller. `test/client-api.test.ts`
 * pins the list. Like `provider/index.ts`, this file sits above every layer.
 */
export { DcsClient, MAX_TASK_PAGE } from "./dcs/client";
export type { DcsClientOptions, CallOptions, TriggerOptions, TaskRange } from "./dcs/client";
export type { DcsConnectionOptions, DcsCredentials } from "./dcs/config";
export type { DcsCloud } from "./dcs/regions";
export { DEFAULT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from "./dcs/defaults";
export { RequestBudget } from "./dcs/request-budget";
export type { RequestPriority } from "./dcs/request-budget";
export type { RetryOptions } from "./dcs/retry";
export { systemClock } from "./dcs/sleep";
export type { Clock } from "./dcs/sleep";
export type { DcsExchange, DcsRequest } from "./dcs/transport";
// What `trigger`, `triggerJob` and their results are made of (the specs are built inside).
export type { TriggerResult, TriggerEvent, TriggerSpec } from "./dcs/trigger";
export type { JobCall } from "./dcs/trigger-specs";

export { JOB_STATUS } from "./dcs/models";
export type { DcsJobInfo, JobStatus, ReportedStatus, DcsInstance, DcsBackgroundTask, DcsTaskPage } from "./dcs/models";
export { masterOf } from "./dcs/nodes";
export type { DcsNode, DcsMaster } from "./dcs/nodes";

export {
    DcsError,
    DcsApiError,
    DcsConfigError,
    DcsNetworkError,
    DcsResponseError,
    DcsResponseTooLargeError,
    DcsAbortedError,
    DcsInstanceStateError,
    AmbiguousTriggerError,
} from "./dcs/errors";
export type { DcsErrorClass, DcsAbortReason, DcsApiErrorDetails, DcsAnswerInfo } from "./dcs/errors";

export { waitForJob } from "./jobs/wait-for-job";
export type { WaitOptions, JobReader } from "./jobs/wait-for-job";
export { DEFAULT_POLL_POLICY } from "./jobs/defaults";
export type { PollPolicy } from "./jobs/defaults";
export { JobFailedError, JobTimeoutError } from "./jobs/errors";
