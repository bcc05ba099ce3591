import { DcsConfigError } from "../dcs";
import { MIN_POLL_DELAY_MS, PollPolicy } from "./defaults";

/** Delay before the next poll, given how long we have waited so far and whether this is the first poll. */
export function nextPollDelay(elapsedMs: number, policy: PollPolicy, random: () => number = Math.random, first = false): number {
    const base = first ? policy.firstDelayMs : Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, elapsedMs * policy.growth));
    const factor = 1 + policy.jitter * (2 * random() - 1);
    if (first) return Math.round(base * factor);
    // Clamp after rounding, so rounding can never take a delay below the minimum.
    return Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, Math.round(base * factor)));
}

/**
 * Validates a policy the way smithy's waiter validates its options: every violation is a
 * `DcsConfigError` whose `field` names the option (`pollPolicy.maxDelayMs`).
 */
export function validatePollPolicy(policy: PollPolicy): void {
    const bad = (key: keyof PollPolicy, problem: string) => new DcsConfigError(`pollPolicy.${key}`, problem);
    for (const key of ["minDelayMs", "maxDelayMs"] as const) {
        if (!Number.isFinite(policy[key]) || policy[key] < MIN_POLL_DELAY_MS) throw bad(key, `must be at least ${MIN_POLL_DELAY_MS} ms, got ${policy[key]}`);
    }
    if (!Number.isFinite(policy.firstDelayMs) || policy.firstDelayMs < 0) throw bad("firstDelayMs", `must be >= 0, got ${policy.firstDelayMs}`);
    if (policy.maxDelayMs < policy.minDelayMs) throw bad("maxDelayMs", `must be >= minDelayMs (${policy.minDelayMs}), got ${policy.maxDelayMs}`);
    if (!Number.isFinite(policy.growth) || policy.growth < 0) throw bad("growth", `must be >= 0, got ${policy.growth}`);
    if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter >= 1) throw bad("jitter", `must be in [0, 1), got ${policy.jitter}`);
}
