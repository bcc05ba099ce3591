import { expect } from "chai";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, admin, call, sleep, v2 } from "./support.test";

/** Admin-side events the API client under test does not cause: an operator's swap, DCS forgetting finished jobs. */
describe("simulator: operator swaps and retention", () => {
    let sim: RunningSimulator;
    before(async () => {
        sim = await startSimulator({ defaultScenario: { jobInitMs: 0, jobDurationMs: 50 }, taskAppearDelayMs: 0 });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const tasks = async (id = INSTANCE) => (await call(sim, "GET", `${v2(sim)}/instances/${id}/tasks?limit=100`)).json.tasks as Record<string, unknown>[];

    it("an operator's async swap is a job and a task like an API swap: it swaps, counts as an effect, not as a request", async () => {
        sim.setInstance(INSTANCE, { jobDurationMs: 1000 });
        const job = sim.operatorSwap(INSTANCE);
        expect(job).to.include({ instanceId: INSTANCE, jobType: "masterStandbySwapJob", failReason: null });
        expect(job.jobId).to.match(/^[0-9a-f]{32}$/);
        expect(sim.instance(INSTANCE)!.task, "the instance is busy with it").to.equal("masterStandbySwap");
        const busy = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
        expect(busy.json.error_code).to.equal("DCS.4049");
        await sleep(1050);
        expect(sim.instance(INSTANCE)).to.include({ master: "node-b", swapCount: 1 });
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${job.jobId}`)).json).to.include({ status: "SUCCESS" });
        expect(await tasks()).to.have.length(1);
        expect((await tasks())[0]).to.include({ id: job.taskId, job_id: job.jobId, status: "SUCCESS" });
        expect(sim.counters().effects.swaps).to.equal(1);
        expect(sim.counters().requests.asyncSwap, "only the busy API call").to.equal(1);
    });

    it("fail: true ends FAIL / FAILED and swaps nothing", async () => {
        const job = sim.operatorSwap(INSTANCE, { fail: true });
        await sleep(80);
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${job.jobId}`)).json).to.include({ status: "FAIL" });
        expect((await tasks())[0]).to.include({ status: "FAILED", error_code: "DCS.5094" });
        expect(sim.instance(INSTANCE)).to.include({ master: "node-a", swapCount: 0 });
    });

    it("a sync operator swap has no job id and follows the sync listing rule", async () => {
        const job = sim.operatorSwap(INSTANCE, { api: "sync" });
        expect(job.jobId).to.equal(undefined);
        await sleep(80);
        expect(sim.instance(INSTANCE)!.swapCount).to.equal(1);
        expect(await tasks(), "not listed by default").to.deep.equal([]);
        sim.setBehaviour({ syncSwapListsTask: true });
        expect((await tasks()).map((t) => t.id)).to.deep.equal([job.taskId]);
    });

    it("is refused where DCS would refuse the swap, and on unknown options", async () => {
        sim.setInstance(INSTANCE, { busyForMs: 10_000 });
        expect(() => sim.operatorSwap(INSTANCE)).to.throw(/busy/);
        sim.setInstance(OTHER_INSTANCE, { cacheMode: "single" });
        expect(() => sim.operatorSwap(OTHER_INSTANCE)).to.throw(/not master\/standby/);
        sim.setBehaviour({ cloud: "otc" });
        expect(() => sim.operatorSwap(OTHER_INSTANCE.replace(/^0/, "1"))).to.throw(/no async swap API/);
        expect(() => sim.operatorSwap(INSTANCE, { fial: true } as never)).to.throw(/unknown field "fial"/);
        expect(() => sim.operatorSwap("not-a-uuid")).to.throw();
        expect(sim.jobs()).to.deep.equal([]);
    });

    it("forgetFinished forgets finished jobs and their tasks, and keeps running ones", async () => {
        const done = sim.operatorSwap(INSTANCE);
        await sleep(80);
        sim.setInstance(OTHER_INSTANCE, { jobDurationMs: 10_000 });
        const running = sim.operatorSwap(OTHER_INSTANCE);
        expect(sim.forgetFinished()).to.equal(1);
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${done.jobId}`)).status).to.equal(404);
        expect(await tasks()).to.deep.equal([]);
        expect(sim.instance(INSTANCE)!.swapCount, "the effect stays").to.equal(1);
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${running.jobId}`)).json).to.include({ status: "RUNNING" });
        expect(sim.jobs().map((j) => j.jobId)).to.deep.equal([running.jobId]);
    });

    it("clearFaults drops every pending fault", async () => {
        sim.addFaults({ operation: "showInstance", kind: "500", count: 5 });
        sim.clearFaults();
        expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).status).to.equal(200);
    });

    it("the same over the admin API", async () => {
        const swapped = await admin(sim, "POST", `instances/${INSTANCE}/operator-swap`, { fail: true, api: "async" });
        expect(swapped.status).to.equal(200);
        expect(swapped.json).to.include({ instanceId: INSTANCE, failReason: "the switchover started outside the API failed (simulated)" });
        expect((await admin(sim, "POST", `instances/${INSTANCE}/operator-swap`, { api: "both" })).status).to.equal(400);
        await sleep(80);
        expect((await admin(sim, "POST", "jobs/forget-finished")).json).to.deep.equal({ forgotten: 1 });
        await admin(sim, "POST", "faults", { operation: "showInstance", kind: "500" });
        expect((await admin(sim, "POST", "faults/clear")).json).to.deep.equal({ pending: 0 });
        expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).status).to.equal(200);
    });
});
