import { expect } from "chai";
import { DcsClient } from "../provider/dcs/client";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, sleep } from "./support.test";

// The simulator is only useful if the provider's own client understands it: one pass through
// the client's happy path and its ambiguity handling, against the real HTTP server.
describe("simulator: compatibility with DcsClient", () => {
    let sim: RunningSimulator;
    let client: DcsClient;
    before(async () => {
        sim = await startSimulator({ defaultScenario: { jobInitMs: 0, jobDurationMs: 80 } });
        client = new DcsClient({ env: sim.env, retry: { baseDelayMs: 1, throttleBaseDelayMs: 1 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    it("swaps, polls the job and reads the instance through the client", async () => {
        const result = await client.swapMasterStandby(INSTANCE);
        expect(result.jobId).to.match(/^[0-9a-f]{32}$/);
        expect((await client.showJob(result.jobId!)).jobType).to.equal("masterStandbySwapJob");
        await sleep(100);
        const job = await client.showJob(result.jobId!);
        expect(job.status).to.equal("SUCCESS");
        expect(job.endTime! - job.beginTime!).to.equal(80);
        const instance = await client.showInstance(INSTANCE);
        expect(instance).to.include({ status: "RUNNING", task: undefined, transparentClientIpEnable: true, cacheMode: "ha" });
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("treats DCS.4847 as no change, and never replays a swap whose answer was lost", async () => {
        expect(await client.setClientIpPassthrough(INSTANCE, true)).to.include({ noChange: true });
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after" });
        // Adopting the accepted swap or reporting it as ambiguous are both fine here; a second swap is not.
        await client.swapMasterStandby(INSTANCE).catch(() => undefined);
        expect(sim.counters().effects.swaps, "not replayed").to.equal(1);
        expect(sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("reads the strict task list: late, oldest first, numeric task_count, new status strings", async () => {
        const { jobId } = await client.swapMasterStandby(INSTANCE);
        expect((await client.listBackgroundTaskPage(INSTANCE)).tasks, "not listed before taskAppearDelayMs").to.deep.equal([]);
        await sleep(1050);
        const [task] = (await client.listBackgroundTaskPage(INSTANCE)).tasks;
        expect(task).to.include({ name: "masterStandbySwapJob", status: "SUCCESS", jobId });
        expect(task.id).to.match(/^[0-9a-f]{32}$/);
    });
});
