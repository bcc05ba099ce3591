/** The scale runs: which resources, how many, with which request budget, and their seeded jobs. */
import { seededRandom, seededUuid, uniform } from "../lib/random";
import { PlanMode } from "./project";

export interface ScaleCase {
    name: string;
    mode: PlanMode;
    n: number;
    /** `dcs:maxRequestsPerSecond` set in stack config; undefined = the package default (20). */
    budget?: number;
    seed: number;
    /** How many times the run is repeated (same seed); the verdict uses the median wall time. */
    repeats: number;
}

export interface SeededJobs {
    instanceIds: string[];
    /** Per instance, the simulator's job duration (ms), uniform in 5–30 s. */
    durationsMs: number[];
}

export const GATEWAY_RATE = 20;
export const JOB_MIN_MS = 5_000;
export const JOB_MAX_MS = 30_000;

export function seededJobs(c: ScaleCase): SeededJobs {
    const random = seededRandom(c.seed);
    const instanceIds: string[] = [];
    const durationsMs: number[] = [];
    for (let i = 0; i < c.n; i++) {
        instanceIds.push(seededUuid(random));
        durationsMs.push(Math.round(uniform(random, JOB_MIN_MS, JOB_MAX_MS)));
    }
    return { instanceIds, durationsMs };
}

/** A short no-op run first, not reported: the first `pulumi up` after a build pays for cold caches. */
export const WARM_UP: ScaleCase = { name: "warm-up", mode: "noop", n: 10, seed: 1, repeats: 1 };

/**
 * Baselines first so each swap run can be judged against the no-op run of the same size. The
 * wall-time targets have little slack, so the cheaper runs are repeated to tell noise from effect.
 */
export function defaultCases(extraBudget: number | undefined): ScaleCase[] {
    const cases: ScaleCase[] = [
        { name: "noop-n50", mode: "noop", n: 50, seed: 50, repeats: 3 },
        { name: "swap-n50", mode: "swap", n: 50, seed: 50, repeats: 3 },
        { name: "noop-n200", mode: "noop", n: 200, seed: 200, repeats: 3 },
        { name: "swap-n200", mode: "swap", n: 200, seed: 200, repeats: 2 },
    ];
    if (extraBudget !== undefined) cases.push({ name: `swap-n200-budget${extraBudget}`, mode: "swap", n: 200, budget: extraBudget, seed: 201, repeats: 1 });
    return cases;
}
