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

/*
 * History-informed waiting (`WaitOptions.expectedDurationMs`, expected-schedule.ts). The three shares below are
 * fractions of the expected duration: how long the previous job of the same type on the same instance took.
 */

/**
 * Earliest share of the expected duration at which a re-run may end. Re-runs of one job type on one instance
 * take 0.7–1.3 × the previous run; a poll before 70 % would find the job still running and only cost a GET.
 */
export const EXPECTED_WINDOW_START = 0.7;

/**
 * Latest share of the expected duration at which a re-run is still "as expected". Polls stay dense until
 * here; a job still running afterwards is an outlier, and the default schedule (growing with the time
 * waited) takes over, so an outlier costs no more GETs than a wait without history.
 */
export const EXPECTED_WINDOW_END = 1.3;

/**
 * Gap between polls inside the window, as a share of the expected duration E (then clamped to
 * [EXPECTED_MIN_GAP_SHARE × minDelayMs, maxDelayMs]). A gap of g·E adds about g/2 to a job's relative lag
 * and costs about 0.3/g GETs (half the window, on average); trading one against the other makes the best
 * gap proportional to E, hence a share. On bench/history-wait.ts (floor 0.5 s): 5 % → 0.036 mean relative
 * lag at 8.0 GETs/job, 6 % → 0.040 at 7.2, 7.5 % → 0.043 at 6.5, 8 % → 0.045 at 6.4; the Huawei Terraform
 * provider (2 s, then every 10 s) makes 7.3. 7.5 % keeps a margin on both targets (lag ≤ 0.05, GETs ≤ the
 * peer's) and cuts the 0.6 × E window into exactly 8 gaps, so no GET goes on a sliver at its start.
 */
export const EXPECTED_GAP_SHARE = 0.075;

/**
 * Inside the window, polls may come this share of `minDelayMs` apart (0.5 s by default) instead of a whole
 * `minDelayMs`. The window is short and its GETs are few whatever E is (about 0.3 / EXPECTED_GAP_SHARE + 1
 * per job), so a closer floor costs no more requests per job: it only lets short jobs, whose lag a 1 s floor
 * dominates (a third of re-runs take under 10 s), be noticed sooner. With a 1 s floor the mean relative lag
 * cannot go below about 0.055 at any GET budget under the peer's (the bench's reference row).
 */
export const EXPECTED_MIN_GAP_SHARE = 0.5;
