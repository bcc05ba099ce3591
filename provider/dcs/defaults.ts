/**
 * Defaults and limits of the DCS client, in one place; the layers above re-export what they share.
 * Milliseconds unless the name says otherwise.
 */
import type { RetryOptions } from "./retry";

/** Overall deadline of one operation (trigger, wait, settle) when the caller sets none: the Huawei Terraform switch resource's. */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Per-request timeout: the API gateway's own backend timeout, so waiting longer could never bring an answer. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Busy waits (and replays of replay-safe calls) one trigger may go through, so a flapping instance cannot hold it forever. */
export const MAX_TRIGGER_ATTEMPTS = 10;

/** How reads are retried: AWS SDK v3 "standard" mode, with a longer base for throttling. */
export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
    // Rides out a gateway hiccup of a few seconds without hiding a lasting outage.
    maxAttempts: 5,
    baseDelayMs: 250,
    // The gateway needs longer to recover from a 429 than from a 5xx.
    throttleBaseDelayMs: 1000,
    maxDelayMs: 20_000,
    // So a bogus Retry-After cannot stall a deployment.
    maxRetryAfterMs: 30_000,
});

/** First look at a busy instance: DCS tasks take seconds, so an instant look would only find it busy again. */
export const READY_FIRST_DELAY_MS = 2000;
/** Shortest gap between looks at a busy instance, so a first look made at once does not become a busy loop. */
export const READY_MIN_DELAY_MS = 1000;
/** Longest gap between looks at a busy instance: the Huawei Terraform provider's fixed poll. */
export const READY_MAX_DELAY_MS = 10_000;
/** A ready read is confirmed this much later, so that two reads in a row are not one moment. */
export const READY_CONFIRM_DELAY_MS = 1000;

/**
 * The task page size we ask for: half the API's maximum (`MAX_TASK_PAGE`), so that a page with every
 * `details` field filled (about 0.9 MB at 1000) stays well inside `MAX_RESPONSE_BYTES`.
 */
export const TASK_PAGE_SIZE = 500;

/**
 * Largest response body read; a bigger one is dropped unread. Most answers are a few KB, but a full
 * 1000-task page with every `details` field is about 0.9 MB of compact JSON: close to this limit.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Longest server error text kept from a non-JSON body: an HTML error page says little past this. */
export const MAX_ERROR_TEXT_CHARS = 300;
/** Longest `error_msg`/`message` kept from a JSON error body, so one answer cannot flood a log. */
export const MAX_ERROR_MSG_CHARS = 1000;
/** Longest error code or request id kept; real ones are under 20 characters. */
export const MAX_ID_CHARS = 100;
/** Credentials shorter than this are not scrubbed from error text: they would redact ordinary words. */
export const MIN_SCRUBBED_SECRET_CHARS = 4;

/** A 429 cuts a request budget's rate to this share (multiplicative decrease, as in TCP). */
export const BUDGET_CUT_FACTOR = 0.7;
/** At most one cut per this long, so that one burst of 429s counts once. */
export const BUDGET_CUT_INTERVAL_MS = 1000;
/** Rate (requests/s) won back per answered request: about +1 request/s per second at 20 req/s. */
export const BUDGET_RECOVERY_PER_ANSWER = 0.05;
/** Cuts stop at this rate (requests/s), so a throttled deployment still makes progress. */
export const BUDGET_MIN_RATE = 1;
