import { expect } from "chai";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, call, sleep, startSwap, v2 } from "./support.test";

describe("simulator: jobs, swaps, client IP pass-through", () => {
    let sim: RunningSimulator;
    before(async () => {
        // Task listing has its own suite (task-listing.test.ts); here new tasks are listed at once.
        sim = await startSimulator({ taskAppearDelayMs: 0, defaultScenario: { jobInitMs: 60, jobDurationMs: 200 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const job = (id: string) => call(sim, "GET", `${v2(sim)}/jobs/${id}`);
    const show = (id = INSTANCE) => call(sim, "GET", `${v2(sim)}/instances/${id}`);
    const clientIp = (enable: unknown, id = INSTANCE) =>
        call(sim, "PUT", `${v2(sim)}/${id}/client-ip-transparent-transmission`, { body: { transparent_client_ip_enable: enable } });

    it("runs a swap job INIT -> RUNNING -> SUCCESS and flips master/standby when it succeeds", async () => {
        const jobId = await startSwap(sim);
        expect(jobId).to.match(/^[0-9a-f]{32}$/);
        const init = await job(jobId);
        expect(init.status).to.equal(200);
        expect(init.json).to.include({ job_id: jobId, job_type: "masterStandbySwapJob", status: "INIT", end_time: "", fail_reason: null });
        expect(init.json.begin_time).to.match(/^\d{13}$/);
        expect((await show()).json.task).to.equal("masterStandbySwap");

        await sleep(80);
        expect((await job(jobId)).json.status).to.equal("RUNNING");
        expect(sim.instance(INSTANCE)).to.include({ master: "node-a", swapCount: 0 });

        await sleep(150);
        const done = (await job(jobId)).json;
        expect(done.status).to.equal("SUCCESS");
        expect(Number(done.end_time) - Number(done.begin_time)).to.equal(200);
        expect(sim.instance(INSTANCE)).to.include({ master: "node-b", swapCount: 1 });
        expect((await show()).json.task).to.equal(null);
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("ends a job FAIL with the scenario's fail_reason and leaves the roles alone", async () => {
        sim.setInstance(INSTANCE, { failReason: "switchover failed: replica lagging", jobDurationMs: 50, jobInitMs: 0 });
        const jobId = await startSwap(sim);
        await sleep(70);
        const answer = await job(jobId);
        expect(answer.json).to.include({ status: "FAIL", fail_reason: "switchover failed: replica lagging" });
        expect(answer.json.end_time).to.match(/^\d{13}$/);
        expect(sim.instance(INSTANCE)).to.include({ master: "node-a", swapCount: 0 });
        const tasks = (await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}/tasks`)).json.tasks;
        expect(tasks[0]).to.include({ status: "FAILED", error_code: "DCS.5094", job_id: jobId });
    });

    it("answers the busy code during a busy window, then accepts", async () => {
        sim.setInstance(INSTANCE, { busyForMs: 150 });
        const busy = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
        expect(busy.status).to.equal(400);
        expect(busy.json).to.deep.equal({ error_code: "DCS.4049", error_msg: "The instance status is not running.", error_ext_msg: null });
        expect((await show()).json).to.include({ status: "RUNNING", task: "BACKUPING" });
        expect(sim.counters().effects.swaps).to.equal(0);
        await sleep(170);
        expect((await show()).json.task).to.equal(null);
        await startSwap(sim);
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("supports DCS.4026 as busy code, and is busy while another job runs", async () => {
        sim.setInstance(INSTANCE, { busyCode: "DCS.4026" });
        await startSwap(sim);
        const second = await clientIp(false);
        expect(second.status).to.equal(400);
        expect(second.json).to.deep.equal({
            error_code: "DCS.4026",
            error_msg: "This operation is not allowed when the DCS instance is in the current state.",
            error_ext_msg: null,
        });
        const other = await call(sim, "PUT", `${v2(sim)}/instances/${OTHER_INSTANCE}/async-swap`);
        expect(other.status, "other instances are not busy").to.equal(200);
    });

    it("refuses swaps on instances that are not master/standby with DCS.4855", async () => {
        sim.setInstance(INSTANCE, { cacheMode: "cluster" });
        for (const [method, suffix] of [
            ["PUT", "async-swap"],
            ["POST", "swap"],
        ]) {
            const answer = await call(sim, method, `${v2(sim)}/instances/${INSTANCE}/${suffix}`);
            expect(answer.status).to.equal(400);
            expect(answer.json).to.deep.equal({ error_code: "DCS.4855", error_msg: "Master standby swap is not supported.", error_ext_msg: null });
        }
        sim.setInstance(INSTANCE, { cacheMode: "ha_rw_split" });
        await startSwap(sim);
    });

    it("performs the sync swap without listing it, unless syncSwapListsTask: then as a task without a job id", async () => {
        const unlisted = await call(sim, "POST", `${v2(sim)}/instances/${OTHER_INSTANCE}/swap`);
        expect(unlisted.status).to.equal(204);
        await sleep(220);
        expect(sim.instance(OTHER_INSTANCE)).to.include({ master: "node-b", swapCount: 1 });
        expect((await call(sim, "GET", `${v2(sim)}/instances/${OTHER_INSTANCE}/tasks`)).json).to.include({ task_count: 0 });

        sim.setBehaviour({ syncSwapListsTask: true });
        const answer = await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`);
        expect(answer.status).to.equal(204);
        expect(answer.text).to.equal("");
        const tasks = (await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}/tasks`)).json;
        expect(tasks.task_count).to.equal(1);
        expect(tasks.tasks[0]).to.include({ name: "masterStandbySwapJob", status: "CREATED", enable_show: true });
        expect(tasks.tasks[0]).to.not.have.property("job_id");
        expect(sim.jobs()[0].jobId).to.equal(undefined);
        await sleep(220);
        expect(sim.instance(INSTANCE)).to.include({ master: "node-b", swapCount: 1 });
    });

    it("answers 404 APIG.0101 for async-swap where the cloud lacks it", async () => {
        sim.setInstance(INSTANCE, { asyncSwapUnsupported: true });
        const answer = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
        expect(answer.status).to.equal(404);
        expect(answer.json.error_code).to.equal("APIG.0101");
        expect((await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`)).status).to.equal(204);
    });

    it("changes client IP pass-through only through a job, and refuses no-op changes", async () => {
        const already = await clientIp(true);
        expect(already.status).to.equal(400);
        expect(already.json).to.deep.equal({
            error_code: "DCS.4847",
            error_msg: "Client ip transparent transmission is already opened,please do not repeat the operation.",
            error_ext_msg: null,
        });
        const started = await clientIp(false);
        expect(started.status).to.equal(200);
        expect((await job(started.json.job_id)).json.job_type).to.equal("modifyClientIpTransJob");
        expect((await show()).json).to.include({ transparent_client_ip_enable: true, task: "modifyClientIpTrans" });
        await sleep(220);
        expect((await show()).json.transparent_client_ip_enable).to.equal(false);
        expect((await clientIp(false)).json).to.deep.equal({
            error_code: "DCS.4846",
            error_msg: "Client ip transparent transmission is already closed,please do not repeat the operation.",
            error_ext_msg: null,
        });
        expect(sim.counters().perInstance[INSTANCE].clientIpChanges).to.equal(1);
    });

    it("validates the client-ip body and engine version", async () => {
        for (const body of ["yes", null, undefined]) {
            const answer = await clientIp(body);
            expect(answer.status).to.equal(400);
            expect(answer.json.error_code).to.equal("111400063");
        }
        sim.setInstance(INSTANCE, { engineVersion: "3.0", transparentClientIpEnable: false });
        expect((await clientIp(true)).json).to.deep.equal({
            error_code: "DCS.4841",
            error_msg: "Instance do not support client ip transparent transmission.",
            error_ext_msg: null,
        });
    });

    it("runs an ssl job that flips enable_ssl", async () => {
        const answer = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/ssl`, { body: { enabled: true } });
        expect(answer.status).to.equal(200);
        expect((await job(answer.json.job_id)).json.job_type).to.equal("modifySslJob");
        await sleep(220);
        expect((await show()).json.enable_ssl).to.equal(true);
        expect(sim.counters().effects.sslChanges).to.equal(1);
    });

    it("hides a new job for jobNotFoundMs, then shows it", async () => {
        sim.setInstance(INSTANCE, { jobNotFoundMs: 120 });
        const jobId = await startSwap(sim);
        const early = await job(jobId);
        expect(early.status).to.equal(404);
        expect(early.json.error_code).to.equal("DCS.4001");
        await sleep(140);
        expect((await job(jobId)).status).to.equal(200);
    });

    it("answers 404 DCS.4001 for unknown jobs, 400 for malformed job ids", async () => {
        const unknown = await job("ff8080818822bbf70188235afc24141a");
        expect(unknown.status).to.equal(404);
        expect(unknown.json).to.deep.equal({ error_code: "DCS.4001", error_msg: "The requested URL does not exist.", error_ext_msg: null });
        const malformed = await job("not-a-job");
        expect(malformed.status).to.equal(400);
        expect(malformed.json).to.deep.equal({ error_code: "111400063", error_msg: "Invalid job_id parameter in the request.", error_ext_msg: null });
    });

    it("answers 404 DCS.3022 for missing instances and 400 DCS.4061 for malformed ids", async () => {
        sim.setInstance(INSTANCE, { exists: false });
        const missing = await show();
        expect(missing.status).to.equal(404);
        expect(missing.json).to.deep.equal({ error_code: "DCS.3022", error_msg: "This DCS instance does not exist.", error_ext_msg: null });
        expect((await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`)).status).to.equal(404);
        expect((await show("not-a-uuid")).json).to.deep.equal({ error_code: "DCS.4061", error_msg: "Invalid instance ID format.", error_ext_msg: null });
        const strict = await startSimulator({ autoCreateInstances: false });
        try {
            expect((await call(strict, "GET", `${v2(strict)}/instances/${OTHER_INSTANCE}`)).status).to.equal(404);
            strict.setInstance(OTHER_INSTANCE, {});
            expect((await call(strict, "GET", `${v2(strict)}/instances/${OTHER_INSTANCE}`)).status).to.equal(200);
        } finally {
            await strict.stop();
        }
    });

    it("forgets finished jobs after jobRetentionMs", async () => {
        const short = await startSimulator({ jobRetentionMs: 150, defaultScenario: { jobDurationMs: 0 } });
        try {
            const jobId = await startSwap(short);
            expect((await call(short, "GET", `${v2(short)}/jobs/${jobId}`)).status).to.equal(200);
            await sleep(200);
            expect((await call(short, "GET", `${v2(short)}/jobs/${jobId}`)).status).to.equal(404);
            expect(short.instance(INSTANCE)?.swapCount, "the effect stays").to.equal(1);
        } finally {
            await short.stop();
        }
    });
});
