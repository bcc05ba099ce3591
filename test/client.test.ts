import { expect } from "chai";
import { randomUUID } from "crypto";
import { AmbiguousTriggerError, DcsAbortedError, DcsApiError, DcsClient, DcsConfigError, JobFailedError, JobTimeoutError, waitForJob } from "../provider";
import { RunningSimulator, startSimulator } from "../simulator";
import { LoopClock } from "./support/virtual-clock";

/**
 * Client + waiter against the real simulator over HTTP, on virtual time: each test has a fresh
 * `LoopClock` that the client (its retries), `waitForJob` (its polls and deadline), the simulator
 * and the test's own waits share.
 */
describe("DcsClient and waitForJob against the simulator", function () {
    this.timeout(30_000);
    let sim: RunningSimulator;
    let client: DcsClient;
    let clock = new LoopClock();
    const fastPolling = { pollPolicy: { firstDelayMs: 200, minDelayMs: 100, maxDelayMs: 300, growth: 0.4, jitter: 0 } };
    const fastRetry = { baseDelayMs: 20, throttleBaseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 1500 };
    /** Fast polling on this test's clock. */
    const fast = () => ({ ...fastPolling, clock });

    before(async () => {
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 600 }, now: () => clock.now() });
    });
    after(() => sim.stop());
    beforeEach(() => {
        clock = new LoopClock();
        client = new DcsClient({ endpoint: sim.url, projectId: sim.projectId, credentials: sim.credentials, retry: fastRetry, env: {}, clock });
        sim.reset();
    });

    it("swaps and waits for SUCCESS, with exactly one swap", async () => {
        const id = randomUUID();
        const seen: string[] = [];
        const { jobId } = await client.swapMasterStandby(id);
        const job = await waitForJob(client, jobId!, { ...fast(), onStatus: (j) => seen.push(j.status) });
        expect(job).to.include({ jobId, jobType: "masterStandbySwapJob", status: "SUCCESS" });
        expect(job.endTime! - job.beginTime!).to.be.within(500, 2000);
        expect(seen[seen.length - 1]).to.equal("SUCCESS");
        expect(sim.counters().effects.swaps).to.equal(1);
        expect(sim.instance(id)!.master).to.equal("node-b");
    });

    it("turns FAIL into JobFailedError carrying the fail_reason", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "replica link down" });
        const { jobId } = await client.swapMasterStandby(id);
        const err = await waitForJob(client, jobId!, fast()).catch((e) => e);
        expect(err).to.be.instanceOf(JobFailedError);
        expect(err.failReason).to.equal("replica link down");
        expect(err.message).to.contain(jobId).and.contain("replica link down");
    });

    it("times out with JobTimeoutError and the last status", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 60_000 });
        const { jobId } = await client.swapMasterStandby(id);
        const err = await waitForJob(client, jobId!, { ...fast(), deadline: clock.now() + 1200 }).catch((e) => e);
        expect(err).to.be.instanceOf(JobTimeoutError);
        expect(err.lastStatus).to.equal("RUNNING");
    });

    it("waits for a busy instance to become ready, then swaps once", async () => {
        const id = randomUUID();
        sim.setInstance(id, { busyForMs: 2500, busyCode: "DCS.4026" });
        const events: string[] = [];
        const result = await client.swapMasterStandby(id, { onEvent: (e) => events.push(e.kind) });
        expect(result.jobId).to.be.a("string");
        expect(events).to.include("busy");
        expect(sim.counters().effects.swaps).to.equal(1);
        expect(sim.counters().requests.showInstance).to.be.greaterThan(0);
    });

    it("retries a throttled trigger (with and without Retry-After) and swaps once", async () => {
        const id = randomUUID();
        sim.addFaults([
            { operation: "asyncSwap", kind: "429" },
            { operation: "asyncSwap", kind: "429-retry-after" },
        ]);
        const result = await client.swapMasterStandby(id);
        expect(result.attempts).to.equal(3);
        expect(clock.elapsed(), "virtual ms: the Retry-After was waited").to.be.at.least(1000);
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("survives a burst of 5xx and resets while polling", async () => {
        const id = randomUUID();
        const { jobId } = await client.swapMasterStandby(id);
        sim.addFaults([
            { operation: "showJob", kind: "504", count: 3 },
            { operation: "showJob", kind: "500" },
            { operation: "showJob", kind: "reset-before" },
            { operation: "showJob", kind: "malformed-json" },
        ]);
        const job = await waitForJob(client, jobId!, fast());
        expect(job.status).to.equal("SUCCESS");
    });

    it("tolerates 404 for a brand-new job during the grace period", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobNotFoundMs: 800 });
        const { jobId } = await client.swapMasterStandby(id);
        const job = await waitForJob(client, jobId!, fast());
        expect(job.status).to.equal("SUCCESS");
        expect(sim.counters().responses["404"]).to.be.greaterThan(0);
    });

    it("reports a lost answer (reset after sending) as AmbiguousTriggerError and never sends again", async () => {
        const id = randomUUID();
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after" });
        const err = await client.swapMasterStandby(id).catch((e) => e);
        expect(err).to.be.instanceOf(AmbiguousTriggerError);
        expect(err).to.include({ accepted: false, instanceId: id });
        expect(err.message).to.match(/sent at \d{4}-/);
        expect(sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("cannot tell a reset before the request from one after it: ambiguous too, not sent again", async () => {
        const id = randomUUID();
        sim.addFaults({ operation: "asyncSwap", kind: "reset-before" });
        const err = await client.swapMasterStandby(id).catch((e) => e);
        expect(err).to.be.instanceOf(AmbiguousTriggerError);
        expect(sim.counters().requests.asyncSwap).to.equal(1);
        expect(sim.counters().effects.swaps).to.equal(0);
    });

    for (const kind of ["500", "502", "504"] as const) {
        it(`treats HTTP ${kind} to a swap as ambiguous: not sent again`, async () => {
            const id = randomUUID();
            sim.addFaults({ operation: "asyncSwap", kind });
            const err = await client.swapMasterStandby(id).catch((e) => e);
            expect(err).to.be.instanceOf(AmbiguousTriggerError);
            expect(sim.counters().requests.asyncSwap).to.equal(1);
        });
    }

    it("treats a 2xx without a job id as accepted: AmbiguousTriggerError with accepted=true, never sent again", async () => {
        const id = randomUUID();
        sim.addFaults({ operation: "asyncSwap", kind: "malformed-json" });
        const err = await client.swapMasterStandby(id).catch((e) => e);
        expect(err).to.be.instanceOf(AmbiguousTriggerError);
        expect(err.accepted).to.equal(true);
        expect(err.message).to.not.contain("was aborted");
        expect(sim.counters().requests.asyncSwap).to.equal(1);
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("treats 'already enabled' as success without a job, and changes the flag otherwise", async () => {
        const id = randomUUID();
        sim.setInstance(id, { transparentClientIpEnable: true });
        expect(await client.setClientIpPassthrough(id, true)).to.include({ noChange: true });
        const { jobId } = await client.setClientIpPassthrough(id, false);
        const job = await waitForJob(client, jobId!, fast());
        expect(job.jobType).to.equal("modifyClientIpTransJob");
        expect((await client.showInstance(id)).transparentClientIpEnable).to.equal(false);
    });

    it("reports a non-ha instance's refusal as a permanent DcsApiError", async () => {
        const id = randomUUID();
        sim.setInstance(id, { cacheMode: "single" });
        const err = await client.swapMasterStandby(id).catch((e) => e);
        expect(err).to.be.instanceOf(DcsApiError);
        expect(err).to.include({ errorCode: "DCS.4855", errorClass: "permanent", status: 400 });
        expect(sim.counters().effects.swaps).to.equal(0);
    });

    it("supports the synchronous swap and the background task list (where DCS lists the sync swap)", async () => {
        sim.setBehaviour({ syncSwapListsTask: true });
        const id = randomUUID();
        const since = new Date(clock.now() - 60_000);
        await client.swapMasterStandbySync(id);
        // DCS lists a new task only after a delay (the simulator's default is 1 s).
        let names: string[] = [];
        for (let look = 0; look < 20 && !names.includes("masterStandbySwapJob"); look++) {
            await clock.sleep(200);
            names = (await client.listBackgroundTaskPage(id, { start: since })).tasks.map((t) => t.name);
        }
        expect(names).to.include("masterStandbySwapJob");
    });

    it("reports a busy answer to a job call without an instance as final, not as a config error", async () => {
        const id = randomUUID();
        sim.setInstance(id, { busyForMs: 60_000 });
        const err = await client.triggerJob({ method: "PUT", path: `/instances/${id}/ssl`, body: { enabled: true } }).catch((e) => e);
        expect(err).to.be.instanceOf(DcsApiError);
        expect(err.errorClass).to.equal("busy");
        expect(sim.counters().requests.showInstance ?? 0).to.equal(0);
    });

    it("authenticates with an IAM token too", async () => {
        const tokenClient = new DcsClient({ endpoint: sim.url, projectId: sim.projectId, credentials: { token: sim.token }, env: {} });
        expect((await tokenClient.showInstance(randomUUID())).status).to.equal("RUNNING");
    });

    it("aborts a wait promptly when the signal fires", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 60_000 });
        const { jobId } = await client.swapMasterStandby(id);
        const controller = new AbortController();
        // The default schedule (a first look after 3 s): the signal, 300 virtual ms in, cuts that sleep short.
        void clock.sleep(300).then(() => controller.abort());
        const started = clock.now();
        const err = await waitForJob(client, jobId!, { signal: controller.signal, clock }).catch((e) => e);
        expect(err).to.be.instanceOf(DcsAbortedError);
        expect(clock.now() - started, "virtual ms").to.be.below(2000);
    });

    it("rejects bad input before sending anything, naming the field", async () => {
        const before = JSON.stringify(sim.counters().requests);
        const cases: [() => unknown, string][] = [
            [() => client.swapMasterStandby(""), "instanceId"],
            [() => client.swapMasterStandby("../../etc"), "instanceId"],
            [() => client.showJob("a/b"), "jobId"],
            [() => client.setClientIpPassthrough(randomUUID(), "yes" as never), "enabled"],
            [() => new DcsClient({ endpoint: sim.url, credentials: sim.credentials, env: {} }), "projectId"],
            [() => new DcsClient({ endpoint: sim.url, projectId: sim.projectId, env: {} }), "credentials"],
            [() => new DcsClient({ endpoint: "http://192.0.2.10:8080", projectId: sim.projectId, credentials: sim.credentials, env: {} }), "endpoint"],
        ];
        for (const [call, field] of cases) {
            let error: unknown;
            try {
                await call();
            } catch (e) {
                error = e;
            }
            expect(error, field).to.be.instanceOf(DcsConfigError);
            expect((error as DcsConfigError).field).to.equal(field);
        }
        expect(JSON.stringify(sim.counters().requests)).to.equal(before);
    });

    it("fails with an auth error (and no secret in the message) on a wrong secret key", async () => {
        const bad = new DcsClient({
            endpoint: sim.url,
            projectId: sim.projectId,
            credentials: { accessKey: sim.credentials.accessKey, secretKey: "wrong-secret-value" },
            env: {},
        });
        const err = await bad.showJob("ff8080818822bbf70188235afc24141a").catch((e) => e);
        expect(err).to.be.instanceOf(DcsApiError);
        expect(err).to.include({ status: 401, errorClass: "auth" });
        expect(err.message).not.to.contain("wrong-secret-value");
        expect(err.message).not.to.match(/Signature=[0-9a-f]{64}/);
    });
});
