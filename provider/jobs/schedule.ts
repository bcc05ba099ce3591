import { PollPolicy } from "./defaults";

/** Delay before the next poll, given how long we have waited so far and whether this is the first poll. */
export function nextPollDelay(elapsedMs: number, policy: PollPolicy, random: () => number = Math.random, first = false): number {
    const base = first ? policy.firstDelayMs : Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, elapsedMs * policy.growth));
    const factor = 1 + policy.jitter * (2 * random() - 1);
    if (first) return Math.round(base * factor);
    // Clamp after rounding, so rounding can never take a delay below the minimum.
    return Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, Math.round(base * factor)));
}

const MIN_DELAY_FLOOR_MS = 100;

/** Validates a policy the way smithy's waiter validates its options: every violation names the option. */
export function validatePollPolicy(policy: PollPolicy): void {
    // A floor of 100 ms keeps a mistyped policy from turning the waiter into a hot loop.
    for (const key of ["minDelayMs", "maxDelayMs"] as const) {
        if (!Number.isFinite(policy[key]) || policy[key] < MIN_DELAY_FLOOR_MS)
            throw new RangeError(`pollPolicy.${key} must be at least ${MIN_DELAY_FLOOR_MS} ms, got ${policy[key]}`);
    }
    if (!Number.isFinite(policy.firstDelayMs) || policy.firstDelayMs < 0)
        throw new RangeError(`pollPolicy.firstDelayMs must be >= 0, got ${policy.firstDelayMs}`);
    if (policy.maxDelayMs < policy.minDelayMs)
        throw new RangeError(`pollPolicy.maxDelayMs (${policy.maxDelayMs}) must be >= minDelayMs (${policy.minDelayMs})`);
    if (!Number.isFinite(policy.growth) || policy.growth < 0) throw new RangeError(`pollPolicy.growth must be >= 0, got ${policy.growth}`);
    if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter >= 1)
        throw new RangeError(`pollPolicy.jitter must be in [0, 1), got ${policy.jitter}`);
}
