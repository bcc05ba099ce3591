import { expect } from "chai";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, admin, call, listTasks, sleep, startSwap, v2 } from "./support.test";

const NO_SUCH_API = {
    error_code: "APIG.0101",
    error_msg: "The API does not exist or has not been published in the environment",
    error_ext_msg: null,
};

describe("simulator: cloud profiles (huaweicloud, otc)", () => {
    let sim: RunningSimulator;
    before(async () => {
        sim = await startSimulator({ cloud: "otc", taskAppearDelayMs: 0, defaultScenario: { jobInitMs: 0, jobDurationMs: 50 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const asyncSwap = () => call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
    const clientIp = () => call(sim, "PUT", `${v2(sim)}/${INSTANCE}/client-ip-transparent-transmission`, { body: { transparent_client_ip_enable: false } });

    it("otc: async-swap and client-IP answer 404 APIG.0101 (before auth), counted under their names, with no effect", async () => {
        for (const answer of [await asyncSwap(), await clientIp()]) {
            expect(answer.status).to.equal(404);
            expect(answer.json).to.deep.equal(NO_SUCH_API);
        }
        const unsigned = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`, { auth: "none" });
        expect(unsigned.status, "the gateway has no such API, whoever asks").to.equal(404);
        const counters = sim.counters();
        expect(counters.requests).to.deep.equal({ asyncSwap: 2, clientIp: 1 });
        expect(counters.effects).to.deep.equal({ swaps: 0, clientIpChanges: 0, sslChanges: 0 });
        expect(sim.jobs()).to.deep.equal([]);
    });

    it("otc: the sync swap works, and (where DCS lists it) its task has neither job_id nor error_code, even when it fails", async () => {
        sim.setBehaviour({ syncSwapListsTask: true });
        const swap = await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`);
        expect(swap.status).to.equal(204);
        const task = (await listTasks(sim)).json.tasks[0];
        expect(task.name).to.equal("masterStandbySwapJob");
        expect(task).to.not.have.any.keys("job_id", "error_code");
        await sleep(70);
        expect(sim.instance(INSTANCE)).to.include({ master: "node-b", swapCount: 1 });

        sim.setInstance(INSTANCE, { failReason: "replica lagging" });
        expect((await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`)).status).to.equal(204);
        await sleep(70);
        const failed = (await listTasks(sim, "limit=5")).json.tasks[1];
        expect(failed.status).to.equal("FAILED");
        expect(failed).to.not.have.any.keys("job_id", "error_code");
    });

    it("huaweicloud: async-swap and client-IP exist, and tasks carry job_id and error_code", async () => {
        sim.setBehaviour({ cloud: "huaweicloud" });
        const jobId = await startSwap(sim);
        const task = (await listTasks(sim)).json.tasks[0];
        expect(task).to.include({ job_id: jobId, error_code: null });
        await sleep(70);
        expect((await clientIp()).status).to.equal(200);
        sim.reset();
        expect(sim.behaviour().cloud, "reset() returns to the start options").to.equal("otc");
    });

    it("node roles: Huawei Cloud lists them (the master flips with a swap); OTC has no such API (404 APIG.0101)", async () => {
        const nodes = () => call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}/logical-nodes`);
        expect((await nodes()).json).to.include({ error_code: "APIG.0101" });
        sim.setBehaviour({ cloud: "huaweicloud" });
        const master = async () => (await nodes()).json.nodes.find((n: { node_type: string }) => n.node_type === "master");
        expect(await master()).to.include({ name: "node-a", az_code: "az-1a" });
        await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
        await sleep(120);
        expect(await master()).to.include({ name: "node-b", az_code: "az-1b" });
    });

    it("switches profiles over the admin API, refusing bad values by field name", async () => {
        const set = await admin(sim, "POST", "behaviour", { cloud: "huaweicloud", taskSortOrder: "desc" });
        expect(set.status).to.equal(200);
        expect(set.json).to.deep.equal({
            cloud: "huaweicloud",
            taskSortOrder: "desc",
            honourTaskStartTime: false,
            taskAppearDelayMs: 0,
            serverClockSkewMs: 0,
            syncSwapListsTask: false,
        });
        expect((await asyncSwap()).status).to.equal(200);
        expect((await admin(sim, "GET", "behaviour")).json.cloud).to.equal("huaweicloud");

        const bad = await admin(sim, "POST", "behaviour", { cloud: "aws" });
        expect(bad.status).to.equal(400);
        expect(bad.json.error).to.equal("behaviour.cloud: expected one of huaweicloud, otc");
        const typo = await admin(sim, "POST", "behaviour", { taskSort: "asc" });
        expect(typo.json.error).to.include('unknown field "taskSort"');
        await admin(sim, "POST", "reset");
        expect((await asyncSwap()).status).to.equal(404);
    });
});
