/**
 * The poll schedule when the caller knows how long the job should take (`WaitOptions.expectedDurationMs`).
 *
 * A re-run lands between EXPECTED_WINDOW_START and EXPECTED_WINDOW_END × the expected duration E, anywhere in
 * between, so polls go on an even grid over that window: gap = EXPECTED_GAP_SHARE × E, clamped to
 * [EXPECTED_MIN_GAP_SHARE × minDelayMs, maxDelayMs]. The grid is laid back from the window's end (end,
 * end − gap, …) so the last poll lands on the end and any remainder shorter than a gap is the first
 * poll's distance from the window's start;
 * that keeps every gap between two polls at least that floor (only the first delay is not a gap). Each poll is
 * moved by up to ± jitter × gap, so waiters started together with the same history do not poll in lockstep.
 * A job still running past the window gets the default schedule (nextPollDelay), which grows with the time
 * waited. The trade-off: a job much faster than history is noticed only at the first poll, 0.7 × E in.
 */
import { DcsConfigError } from "../dcs";
import { EXPECTED_GAP_SHARE, EXPECTED_MIN_GAP_SHARE, EXPECTED_WINDOW_END, EXPECTED_WINDOW_START, PollPolicy } from "./defaults";
import { nextPollDelay } from "./schedule";

/**
 * Delay before the next poll of a job expected to take about `expectedDurationMs` (> 0), given how long we have
 * waited so far and whether this is the first poll.
 */
export function expectedPollDelay(
    elapsedMs: number,
    expectedDurationMs: number,
    policy: PollPolicy,
    random: () => number = Math.random,
    first = false,
): number {
    // Whole milliseconds, so that the grid arithmetic below is exact.
    const windowStart = Math.round(EXPECTED_WINDOW_START * expectedDurationMs);
    const windowEnd = Math.round(EXPECTED_WINDOW_END * expectedDurationMs);
    if (!first && elapsedMs >= windowEnd) return nextPollDelay(elapsedMs, policy, random);

    const floor = EXPECTED_MIN_GAP_SHARE * policy.minDelayMs;
    const gap = Math.min(policy.maxDelayMs, Math.max(floor, Math.round(EXPECTED_GAP_SHARE * expectedDurationMs)));
    // The first grid point (windowEnd − k·gap) after both now and the window's start.
    const from = Math.max(elapsedMs, windowStart);
    const target = windowEnd - Math.max(0, Math.ceil((windowEnd - from) / gap) - 1) * gap;
    const delay = Math.round(target - elapsedMs + policy.jitter * gap * (2 * random() - 1));
    return first ? Math.max(0, delay) : Math.max(floor, delay);
}

/** `expectedDurationMs` must be a finite number of milliseconds, 0 (or absent) meaning unknown. */
export function validateExpectedDuration(expectedDurationMs: number | undefined): void {
    if (expectedDurationMs === undefined) return;
    if (!Number.isFinite(expectedDurationMs) || expectedDurationMs < 0)
        throw new DcsConfigError("expectedDurationMs", `must be a finite number of milliseconds >= 0 (0 = unknown), got ${expectedDurationMs}`);
}
