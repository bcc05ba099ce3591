export { JobFailedError } from "./job-failed-error";
export { JobTimeoutError } from "./job-timeout-error";
