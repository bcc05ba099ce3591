/**
 * Replays job durations through the REAL `waitForJob` on a virtual clock: the fake job reader
 * answers RUNNING until the job's end (wait start + duration) and SUCCESS from then on, and counts
 * the GETs. Nothing sleeps for real, so 2000 jobs take milliseconds.
 */
import { DcsJobInfo } from "../../provider/dcs";
import { JobReader, PollPolicy, waitForJob } from "../../provider/jobs";
import { VirtualClock } from "../../test/support/virtual-clock";
import { seededRandom } from "../lib/random";

/** Longer than any replayed job, so that no replay ends in a timeout. */
const REPLAY_DEADLINE_MS = 3_600_000;

export interface JobOutcome {
    durationMs: number;
    /** Job end → waiter returns. */
    lagMs: number;
    gets: number;
}

/** A job whose status is a function of virtual time. */
class TimedJob implements JobReader {
    gets = 0;

    constructor(
        private readonly clock: VirtualClock,
        private readonly endsAt: number,
    ) {}

    async showJob(jobId: string): Promise<DcsJobInfo> {
        this.gets++;
        const done = this.clock.now() >= this.endsAt;
        return { jobId, jobType: "masterStandbySwapJob", status: done ? "SUCCESS" : "RUNNING" };
    }
}

/** One job through the waiter; `expectedDurationMs` is the history the caller passes (bench/history-wait.ts). */
export async function replayJob(durationMs: number, policy: PollPolicy, random: () => number, expectedDurationMs?: number): Promise<JobOutcome> {
    const clock = new VirtualClock();
    const endsAt = clock.now() + durationMs;
    const job = new TimedJob(clock, endsAt);
    await waitForJob(job, "bench-job", { clock, random, pollPolicy: policy, expectedDurationMs, deadline: clock.now() + REPLAY_DEADLINE_MS });
    return { durationMs, lagMs: clock.now() - endsAt, gets: job.gets };
}

/** Every duration through one policy; the jitter source is seeded so runs are reproducible. */
export async function replayAll(durationsMs: readonly number[], policy: PollPolicy, seed: number): Promise<JobOutcome[]> {
    const random = seededRandom(seed);
    const outcomes: JobOutcome[] = [];
    for (const d of durationsMs) outcomes.push(await replayJob(d, policy, random));
    return outcomes;
}
