export { waitForJob, WaitOptions, JobReader } from "./wait-for-job";
export {
    PollPolicy,
    DEFAULT_POLL_POLICY,
    DEFAULT_TIMEOUT_MS,
    DEFAULT_NOT_FOUND_GRACE_MS,
    LAST_LOOK_MARGIN_MS,
    MIN_POLL_DELAY_MS,
    EXPECTED_WINDOW_START,
    EXPECTED_WINDOW_END,
    EXPECTED_GAP_SHARE,
    EXPECTED_MIN_GAP_SHARE,
} from "./defaults";
export { nextPollDelay, validatePollPolicy } from "./schedule";
export { expectedPollDelay, validateExpectedDuration } from "./expected-schedule";
export { JobFailedError, JobTimeoutError } from "./errors";
export { parseDuration, formatDuration, formatElapsed } from "./duration";
