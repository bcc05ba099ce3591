/**
 * Defaults of the job waiter, in one place. Milliseconds unless the name says otherwise.
 */
import { DEFAULT_TIMEOUT_MS } from "../dcs";

/** How the waiter spaces its polls. All values in milliseconds except `growth` and `jitter`. */
export interface PollPolicy {
    /** Wait before the first poll: no DCS job has ever finished sooner than a couple of seconds. */
    firstDelayMs: number;
    /** Next delay = `growth` × time waited so far, clamped to [minDelayMs, maxDelayMs]. */
    growth: number;
    minDelayMs: number;
    maxDelayMs: number;
    /** Each delay is scaled by a random factor in [1 − jitter, 1 + jitter] so many waiters spread out. */
    jitter: number;
}

/**
 * The default schedule: first poll at 3 s, then 40 % of the elapsed time, between 1 s and 10 s.
 * Polls land at about 3, 4.2, 5.9, 8.2, 11.5, 16.1, 22.5, 31.5, 41.5, 51.5 s and then every 10 s.
 * Because each delay is a fixed share of the time already waited, a job is noticed at most 40 %
 * of its own duration late (relative lag); the 10 s cap keeps long jobs from drifting further than
 * the Huawei Terraform provider's fixed 10 s poll, and the growth keeps the number of GETs close to it.
 * `bench/` measures this against that peer.
 */
export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
    firstDelayMs: 3000,
    growth: 0.4,
    minDelayMs: 1000,
    maxDelayMs: 10_000,
    jitter: 0.1,
});

/**
 * A wait without a `deadline` ends this long after it starts: the deadline of one whole operation,
 * defined with the client's defaults (dcs/defaults.ts) and re-exported here for direct callers.
 */
export { DEFAULT_TIMEOUT_MS };

/** How long a just-created job may answer 404 before we believe it does not exist. */
export const DEFAULT_NOT_FOUND_GRACE_MS = 30_000;

/** The last poll is scheduled this long before the deadline so that its answer still counts. */
export const LAST_LOOK_MARGIN_MS = 500;

/** Floor of `minDelayMs` and `maxDelayMs`: keeps a mistyped policy from turning the waiter into a hot loop. */
export const MIN_POLL_DELAY_MS = 100;
