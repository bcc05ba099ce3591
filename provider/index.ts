/**
 * pulumi-dcs-jobs: Pulumi dynamic resources for DCS (Distributed Cache Service) jobs.
 *
 * The root exports what a Pulumi program and its error handling need: the resources and their
 * Args, the errors a caller catches, and `DcsClient` and `waitForJob` for use outside Pulumi.
 * Everything else is reachable through the documented subpaths (`pulumi-dcs-jobs/client`,
 * `pulumi-dcs-jobs/simulator`) or not at all. The simulator stays out of the root so that a Pulumi
 * program does not load it (test/public-api.test.ts checks). See ARCHITECTURE.md.
 */
export { MasterStandbySwap, ClientIpPassthrough, DcsJob, OperationIntent, JobResource, RollingSwap, RollingSwapFailedError } from "./resources";
export type { MasterStandbySwapArgs, ClientIpPassthroughArgs, DcsJobArgs, OperationIntentArgs, RollingSwapArgs, FailedSwap } from "./resources";
// Types only: RollingSwap creates its result, and sets a swap's fleet; documented, not for direct use.
export type { RollingSwapResult, RollingSwapResultArgs, SwapOutcome, FleetMembership } from "./resources";
/** What `resolution` takes: an operator's word on an operation DCS can no longer show. */
export type { Resolution } from "./resources/runtime/fields/shared";

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
export type { DcsErrorClass, DcsAbortReason } from "./dcs/errors";
export { JobFailedError, JobTimeoutError } from "./jobs/errors";
export {
    IntentAlreadyUsedError,
    OperationFailedError,
    OperationUnidentifiedError,
    RolesUnreadableError,
    SwapInProgressError,
    SwitchoverUnconfirmedError,
} from "./operations/errors";

export { DcsClient } from "./dcs/client";
export type { DcsClientOptions, CallOptions, TriggerOptions } from "./dcs/client";
export { JOB_STATUS } from "./dcs/models";
export type { DcsJobInfo, JobStatus, ReportedStatus } from "./dcs/models";
export { waitForJob } from "./jobs/wait-for-job";
export type { WaitOptions, JobReader } from "./jobs/wait-for-job";
export { DEFAULT_POLL_POLICY } from "./jobs/defaults";
export type { PollPolicy } from "./jobs/defaults";
