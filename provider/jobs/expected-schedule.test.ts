import { expect } from "chai";
import { DcsConfigError, DcsJobInfo } from "../dcs";
import { VirtualClock } from "../../test/support/virtual-clock";
import {
    DEFAULT_POLL_POLICY,
    EXPECTED_GAP_SHARE,
    EXPECTED_MIN_GAP_SHARE,
    EXPECTED_WINDOW_END,
    EXPECTED_WINDOW_START,
    expectedPollDelay,
    nextPollDelay,
    waitForJob,
} from ".";

/** A job that answers RUNNING until `endsAfterMs` of virtual time, SUCCESS after; counts the GETs. */
function jobEndingAfter(clock: VirtualClock, endsAfterMs: number) {
    const endsAt = clock.now() + endsAfterMs;
    const reader = {
        gets: 0,
        async showJob(jobId: string): Promise<DcsJobInfo> {
            reader.gets++;
            return { jobId, jobType: "masterStandbySwapJob", status: clock.now() >= endsAt ? "SUCCESS" : "RUNNING" };
        },
    };
    return reader;
}

/** The virtual times of the polls, from the recorded sleeps. */
const pollTimes = (sleeps: readonly number[]) => sleeps.map((_, i) => sleeps.slice(0, i + 1).reduce((a, b) => a + b, 0));

describe("expected-duration schedule", () => {
    const noJitter = () => 0.5;
    const policy = DEFAULT_POLL_POLICY;

    it("polls the window 0.7–1.3 × expected on an even grid that ends on the window's end", async () => {
        const clock = new VirtualClock();
        await waitForJob(jobEndingAfter(clock, 200_000), "j", { clock, random: noJitter, expectedDurationMs: 100_000 });
        const gap = EXPECTED_GAP_SHARE * 100_000;
        const inWindow = pollTimes(clock.sleeps).filter((t) => t <= EXPECTED_WINDOW_END * 100_000);
        expect(inWindow[0])
            .to.be.greaterThan(EXPECTED_WINDOW_START * 100_000)
            .and.at.most(EXPECTED_WINDOW_START * 100_000 + gap);
        expect(inWindow[inWindow.length - 1]).to.equal(EXPECTED_WINDOW_END * 100_000);
        expect(clock.sleeps.slice(1, inWindow.length)).to.satisfy((gaps: number[]) => gaps.every((g) => g === gap));
    });

    it("notices a re-run 0.7–1.3 × as long as the last one within one gap, in fewer GETs than the default", async () => {
        for (const factor of [0.71, 0.85, 1, 1.15, 1.3]) {
            const expected = 60_000;
            const clock = new VirtualClock();
            const job = jobEndingAfter(clock, factor * expected);
            await waitForJob(job, "j", { clock, random: noJitter, expectedDurationMs: expected });
            const lag = pollTimes(clock.sleeps).at(-1)! - factor * expected;
            expect(lag, `lag at × ${factor}`)
                .to.be.at.least(0)
                .and.at.most(EXPECTED_GAP_SHARE * expected);

            const plain = new VirtualClock();
            const plainJob = jobEndingAfter(plain, factor * expected);
            await waitForJob(plainJob, "j", { clock: plain, random: noJitter });
            expect(job.gets, `GETs at × ${factor}`).to.be.lessThan(plainJob.gets);
        }
    });

    it("never puts two polls closer than the window's floor (half of minDelayMs), even for a job of a few seconds and the widest jitter", async () => {
        for (const random of [() => 0, () => 0.999, noJitter]) {
            const clock = new VirtualClock();
            await waitForJob(jobEndingAfter(clock, 2_600), "j", { clock, random, expectedDurationMs: 2_000 });
            expect(clock.sleeps[0], "first poll inside the window").to.be.within(1_400, 2_600);
            expect(Math.min(...clock.sleeps.slice(1))).to.be.at.least(EXPECTED_MIN_GAP_SHARE * policy.minDelayMs);
        }
    });

    it("moves each poll by up to ± jitter × gap, so waiters with the same history spread out", () => {
        const gap = EXPECTED_GAP_SHARE * 100_000;
        const first = (r: number) => expectedPollDelay(0, 100_000, policy, () => r, true);
        expect(first(0.5)).to.equal(EXPECTED_WINDOW_START * 100_000 + gap);
        expect(first(0) - first(0.5)).to.equal(-policy.jitter * gap);
        expect(first(0.999) - first(0.5)).to.be.closeTo(policy.jitter * gap, 2);
    });

    it("falls back to the default schedule once the job outlasts the window", () => {
        for (const elapsed of [130_000, 200_000, 1_000_000]) {
            expect(expectedPollDelay(elapsed, 100_000, policy, noJitter)).to.equal(nextPollDelay(elapsed, policy, noJitter));
        }
    });

    it("respects the policy's bounds on the gap", () => {
        const tight = { ...policy, minDelayMs: 3_000, maxDelayMs: 4_000, jitter: 0 };
        // 7.5 % of 100 s is 7.5 s, capped at 4 s: from one grid point (130 − 12 × 4 s) to the next.
        expect(expectedPollDelay(82_000, 100_000, tight, noJitter)).to.equal(4_000);
        // 7.5 % of 3 s is 225 ms, raised to the window's floor, half of minDelayMs; so is the 1.9 s left to the window's end.
        expect(expectedPollDelay(2_000, 3_000, tight, noJitter)).to.equal(EXPECTED_MIN_GAP_SHARE * 3_000);
    });

    it("with pollImmediately looks at once (no wait), then goes to the window", async () => {
        const clock = new VirtualClock();
        await waitForJob(jobEndingAfter(clock, 100_000), "j", { clock, random: noJitter, pollImmediately: true, expectedDurationMs: 100_000 });
        expect(clock.sleeps[0]).to.equal(EXPECTED_WINDOW_START * 100_000 + EXPECTED_GAP_SHARE * 100_000);
    });

    it("treats 0 as unknown: exactly the default schedule", async () => {
        const sleeps = async (expectedDurationMs?: number) => {
            const clock = new VirtualClock();
            await waitForJob(jobEndingAfter(clock, 45_000), "j", { clock, random: noJitter, expectedDurationMs });
            return clock.sleeps;
        };
        expect(await sleeps(0)).to.deep.equal(await sleeps(undefined));
    });

    it("rejects a negative or non-finite expected duration before the first poll, naming the option", async () => {
        const clock = new VirtualClock();
        const job = jobEndingAfter(clock, 0);
        for (const expectedDurationMs of [-1, NaN, Infinity]) {
            const err = await waitForJob(job, "j", { clock, expectedDurationMs }).catch((e) => e);
            expect(err, String(expectedDurationMs)).to.be.instanceOf(DcsConfigError).and.include({ field: "expectedDurationMs" });
        }
        expect(job.gets).to.equal(0);
    });
});
