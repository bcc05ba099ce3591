/**
 * Re-runs for the history bench: the previous run's duration from the wait-policy bench's seeded log-uniform
 * distribution, this run's = previous × U(0.7, 1.3) (seeded), replayed through the real `waitForJob`.
 */
import { PollPolicy } from "../../provider/jobs";
import { logUniform, seededRandom, uniform } from "../lib/random";
import { NamedPolicy } from "./policies";
import { JobOutcome, replayJob } from "./replay";

export interface RerunConfig {
    jobs: number;
    /** Seed of the previous durations: the wait-policy bench's, so both benches draw the same jobs. */
    seed: number;
    factorSeed: number;
    jitterSeed: number;
    minMs: number;
    maxMs: number;
    factorMin: number;
    factorMax: number;
}

export interface Reruns {
    previousMs: number[];
    durationMs: number[];
}

/** A schedule of the bench: a policy, and whether the waiter is told the previous duration. */
export interface HistorySchedule extends NamedPolicy {
    history: boolean;
}

export function drawReruns(c: RerunConfig, seed = c.seed): Reruns {
    const random = seededRandom(seed);
    const previousMs = Array.from({ length: c.jobs }, () => Math.round(logUniform(random, c.minMs, c.maxMs)));
    const factor = seededRandom(c.factorSeed);
    return { previousMs, durationMs: previousMs.map((p) => Math.round(p * uniform(factor, c.factorMin, c.factorMax))) };
}

/** Every re-run through one schedule; the jitter source is seeded so runs are reproducible. */
export async function replayReruns(reruns: Reruns, schedule: { policy: PollPolicy; history: boolean }, jitterSeed: number): Promise<JobOutcome[]> {
    const random = seededRandom(jitterSeed);
    const outcomes: JobOutcome[] = [];
    for (let i = 0; i < reruns.durationMs.length; i++) {
        outcomes.push(await replayJob(reruns.durationMs[i], schedule.policy, random, schedule.history ? reruns.previousMs[i] : undefined));
    }
    return outcomes;
}
