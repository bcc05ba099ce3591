export { waitForJob, WaitOptions, JobReader } from "./wait-for-job";
export { PollPolicy, DEFAULT_POLL_POLICY, DEFAULT_TIMEOUT_MS, DEFAULT_NOT_FOUND_GRACE_MS } from "./defaults";
export { nextPollDelay, validatePollPolicy } from "./schedule";
export { JobFailedError } from "./errors/job-failed-error";
export { JobTimeoutError } from "./errors/job-timeout-error";
export { parseDuration, formatElapsed } from "./duration";
