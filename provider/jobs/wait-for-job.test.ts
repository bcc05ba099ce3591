import { expect } from "chai";
import { DcsAbortedError, DcsApiError, DcsConfigError, DcsJobInfo, DcsNetworkError, DcsResponseError } from "../dcs";
import { VirtualClock } from "../../test/support/virtual-clock";
import { DEFAULT_POLL_POLICY, DEFAULT_TIMEOUT_MS, JobFailedError, JobTimeoutError, waitForJob } from ".";

/** A job whose status depends on virtual time, plus scripted poll failures. */
function jobAt(clock: VirtualClock, script: { endsAfterMs: number; fail?: string; errors?: Record<number, Error> }) {
    const start = clock.now();
    let polls = 0;
    return {
        get polls() {
            return polls;
        },
        async showJob(jobId: string): Promise<DcsJobInfo> {
            polls++;
            const err = script.errors?.[polls];
            if (err) throw err;
            const t = clock.now() - start;
            const done = t >= script.endsAfterMs;
            return {
                jobId,
                jobType: "masterStandbySwapJob",
                status: done ? (script.fail !== undefined ? "FAIL" : "SUCCESS") : t < 500 ? "INIT" : "RUNNING",
                beginTime: start,
                endTime: done ? start + script.endsAfterMs : undefined,
                failReason: done && script.fail ? script.fail : undefined,
            };
        },
    };
}

const apiError = (status: number, errorCode: string, errorClass: DcsApiError["errorClass"]) =>
    new DcsApiError({ operation: "showJob", method: "GET", path: "/v2/p/jobs/j", status, errorCode, errorClass });

describe("waitForJob", () => {
    const noJitter = () => 0.5;

    it("follows the documented schedule: 3 s, then 40 % of elapsed between 1 s and 10 s", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, { endsAfterMs: 60_000 });
        await waitForJob(reader, "job1", { clock, random: noJitter });
        expect(clock.sleeps.slice(0, 6)).to.deep.equal([3000, 1200, 1680, 2352, 3293, 4610]);
        expect(Math.max(...clock.sleeps)).to.equal(DEFAULT_POLL_POLICY.maxDelayMs);
    });

    it("returns the final job on SUCCESS and reports each status change once", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, { endsAfterMs: 20_000 });
        const seen: string[] = [];
        const job = await waitForJob(reader, "job1", { clock, random: noJitter, onStatus: (j) => seen.push(j.status) });
        expect(job.status).to.equal("SUCCESS");
        expect(seen).to.deep.equal(["RUNNING", "SUCCESS"]);
        expect(reader.polls).to.be.greaterThan(2);
    });

    it("notices the end of a job within 40 % of its duration", async () => {
        for (const duration of [4_000, 9_000, 17_000, 33_000]) {
            const clock = new VirtualClock();
            const start = clock.now();
            await waitForJob(jobAt(clock, { endsAfterMs: duration }), "j", { clock, random: noJitter });
            expect(clock.now() - start - duration, `lag for ${duration} ms`).to.be.at.most(0.4 * duration);
        }
    });

    it("throws JobFailedError carrying the fail_reason, job type and duration", async () => {
        const clock = new VirtualClock();
        const err = await waitForJob(jobAt(clock, { endsAfterMs: 5_000, fail: "standby node unreachable" }), "job9", { clock, random: noJitter }).catch(
            (e) => e,
        );
        expect(err).to.be.instanceOf(JobFailedError);
        expect(err.message).to.contain("job9").and.contain("masterStandbySwapJob").and.contain("standby node unreachable");
        expect(err.failReason).to.equal("standby node unreachable");
        expect(err.durationMs).to.equal(5_000);
    });

    it("says 'no reason given' when FAIL has a null fail_reason", async () => {
        const clock = new VirtualClock();
        const err = await waitForJob(jobAt(clock, { endsAfterMs: 1_000, fail: "" }), "job9", { clock }).catch((e) => e);
        expect(err).to.be.instanceOf(JobFailedError);
        expect(err.message).to.contain("no reason given");
    });

    it("times out with the last status, after a last look just before the deadline", async () => {
        const clock = new VirtualClock();
        const start = clock.now();
        const reader = jobAt(clock, { endsAfterMs: 3_600_000 });
        const err = await waitForJob(reader, "slow", { clock, deadline: start + 45_000, random: noJitter }).catch((e) => e);
        expect(err).to.be.instanceOf(JobTimeoutError);
        expect(err).to.include({ lastStatus: "RUNNING", jobId: "slow", deadline: start + 45_000, elapsedMs: 44_500 });
        expect(err.message).to.contain("did not finish within 45.0 s");
        expect(clock.now() - start).to.equal(44_500);
    });

    it("without a deadline ends DEFAULT_TIMEOUT_MS after it starts", async () => {
        const clock = new VirtualClock();
        const start = clock.now();
        const err = await waitForJob(jobAt(clock, { endsAfterMs: 2 * DEFAULT_TIMEOUT_MS }), "slow", { clock, random: noJitter }).catch((e) => e);
        expect(err)
            .to.be.instanceOf(JobTimeoutError)
            .and.include({ deadline: start + DEFAULT_TIMEOUT_MS });
    });

    it("takes one last look when the deadline has already passed", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, { endsAfterMs: 60_000 });
        const err = await waitForJob(reader, "late", { clock, deadline: clock.now() - 1 }).catch((e) => e);
        expect(err).to.be.instanceOf(JobTimeoutError);
        expect(reader.polls).to.equal(1);
        expect(clock.sleeps, "looked at once").to.deep.equal([]);
    });

    it("tolerates transient errors, throttling, network failures and unusable bodies between polls", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, {
            endsAfterMs: 10_000,
            errors: {
                1: apiError(504, "APIG.0201", "transient"),
                2: apiError(429, "APIG.0308", "throttled"),
                3: new DcsNetworkError("showJob", "ECONNRESET", true, "socket hang up"),
                // A 2xx with a garbled body says nothing about the job: the next poll may read it.
                4: new DcsResponseError({ operation: "showJob", status: 200, problem: "is not a JSON object" }),
            },
        });
        const job = await waitForJob(reader, "j", { clock });
        expect(job.status).to.equal("SUCCESS");
    });

    it("tolerates a 404 during the grace period, then gives up on it", async () => {
        const clock = new VirtualClock();
        const ok = await waitForJob(jobAt(clock, { endsAfterMs: 8_000, errors: { 1: apiError(404, "DCS.4001", "not-found") } }), "j", { clock });
        expect(ok.status).to.equal("SUCCESS");

        const gone = { showJob: async () => Promise.reject(apiError(404, "DCS.4001", "not-found")) };
        const err = await waitForJob(gone, "j", { clock, notFoundGraceMs: 5_000 }).catch((e) => e);
        expect(err).to.be.instanceOf(DcsApiError);
        expect(err.status).to.equal(404);
    });

    it("stops at once on an auth error", async () => {
        const clock = new VirtualClock();
        let polls = 0;
        const reader = {
            showJob: async () => {
                polls++;
                throw apiError(401, "APIG.0301", "auth");
            },
        };
        const err = await waitForJob(reader, "j", { clock }).catch((e) => e);
        expect(err.errorCode).to.equal("APIG.0301");
        expect(polls).to.equal(1);
    });

    it("rejects with DcsAbortedError when the signal fires", async () => {
        const clock = new VirtualClock();
        const controller = new AbortController();
        const reader = jobAt(clock, { endsAfterMs: 60_000 });
        const err = await waitForJob(reader, "j", {
            clock,
            signal: controller.signal,
            onStatus: () => controller.abort(),
        }).catch((e) => e);
        expect(err).to.be.instanceOf(DcsAbortedError).and.include({ reason: "signal" });
        expect(err.message).to.equal("waiting stopped because the caller's signal fired");
        expect(reader.polls).to.equal(1);
    });

    it("polls at once when resuming", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, { endsAfterMs: 0 });
        await waitForJob(reader, "j", { clock, pollImmediately: true });
        expect([reader.polls, clock.sleeps.length], "one look, no wait before it").to.deep.equal([1, 0]);
    });

    it("validates its options, naming the bad one", async () => {
        const clock = new VirtualClock();
        const reader = jobAt(clock, { endsAfterMs: 0 });
        for (const [options, field] of [
            [{ pollPolicy: { minDelayMs: 0 } }, "pollPolicy.minDelayMs"],
            [{ pollPolicy: { minDelayMs: 5000, maxDelayMs: 1000 } }, "pollPolicy.maxDelayMs"],
            [{ deadline: NaN }, "deadline"],
            [{ pollPolicy: { jitter: 2 } }, "pollPolicy.jitter"],
        ] as const) {
            const err = await waitForJob(reader, "j", { clock, ...options }).catch((e) => e);
            expect(err, field).to.be.instanceOf(DcsConfigError).and.include({ field });
            expect(err.message).to.match(new RegExp(`^${field.replace(".", "\\.")}: `));
        }
        expect(reader.polls).to.equal(0);
    });
});
