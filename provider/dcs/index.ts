export * from "./errors";
export { DcsClient, DcsClientOptions, CallOptions, TriggerOptions, TaskRange, MAX_TASK_PAGE } from "./client";
export {
    DEFAULT_TIMEOUT_MS,
    DEFAULT_REQUEST_TIMEOUT_MS,
    DEFAULT_RETRY,
    MAX_TRIGGER_ATTEMPTS,
    READY_FIRST_DELAY_MS,
    READY_MIN_DELAY_MS,
    READY_MAX_DELAY_MS,
    READY_CONFIRM_DELAY_MS,
    TASK_PAGE_SIZE,
    MAX_RESPONSE_BYTES,
} from "./defaults";
export { DcsConnectionOptions, DcsCredentials, ResolvedConnection, Env, ENV_VARS, resolveConnection } from "./config";
export { DcsJobInfo, JobStatus, JOB_STATUS, ReportedStatus, hasEnded, DcsInstance, DcsBackgroundTask, DcsTaskPage } from "./models";
export { DcsNode, DcsMaster, masterOf, parseNodes } from "./nodes";
export { PreflightFinding, SWAPPABLE_CACHE_MODES, clientIpFindings, swapFindings } from "./preflight";
export { DcsCloud, knownRegions, regionEndpoint } from "./regions";
export { RequestBudget, RequestPriority } from "./request-budget";
export { RetryOptions, backoffDelay } from "./retry";
export { Clock, monotonicNow, sleep, systemClock, wallNow } from "./sleep";
export { AkSkCredentials, SignableRequest, Signature, SIGNING_ALGORITHM, computeSignature, signRequest, parseAuthorization, formatSdkDate } from "./signer";
export { TriggerResult, TriggerEvent, TriggerSpec, TriggerContext, sendTrigger } from "./trigger";
export { FATAL_INSTANCE_STATUSES, isInstanceReady, waitForInstanceReady, WaitReadyOptions } from "./instance-ready";
export { assertEndpoint, assertInstanceId, assertJobId, assertProjectId, isLoopbackHost } from "./validate";
export { JobPathContext, ResolveJobPathOptions, MAX_JOB_PATH_LENGTH, jobPathProblem, resolveJobPath } from "./job-path";
export { JobCall, asyncSwapSpec, syncSwapSpec, clientIpSpec, jobCallSpec } from "./trigger-specs";
export { DcsExchange, DcsRequest, DcsResponse } from "./transport";
export { regionWithoutDcs } from "./regions";
export { poll, PollOptions, PollResult, PollStep } from "./poll";
