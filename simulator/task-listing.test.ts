import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { DEFAULT_API_BEHAVIOUR, FRIENDLY_TASK_LISTING, RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, call, listTasks, sleep, startSwap, taskTime, v2 } from "./support.test";

const jobIds = (answer: { json: { tasks: { job_id?: string }[] } }) => answer.json.tasks.map((t) => t.job_id);

describe("simulator: ListBackgroundTask (strict by default)", () => {
    let sim: RunningSimulator;
    before(async () => {
        // Jobs end at once, so an instance is never busy and tasks can be created back to back.
        sim = await startSimulator({ defaultScenario: { jobInitMs: 0, jobDurationMs: 0 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const badParam = (name: string) => ({ error_code: "111400063", error_msg: `Invalid ${name} parameter in the request.`, error_ext_msg: null });

    it("defaults to the harsher choices: oldest first, start_time ignored, 1 s until a task is listed, sync swaps never", () => {
        const strict = {
            cloud: "huaweicloud",
            taskSortOrder: "asc",
            honourTaskStartTime: false,
            taskAppearDelayMs: 1000,
            serverClockSkewMs: 0,
            syncSwapListsTask: false,
        };
        expect(DEFAULT_API_BEHAVIOUR).to.deep.equal(strict);
        expect(sim.behaviour()).to.deep.equal(strict);
    });

    it("lists a new task only taskAppearDelayMs after its creation, while its job exists at once", async () => {
        const jobId = await startSwap(sim);
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${jobId}`)).status).to.equal(200);
        expect((await listTasks(sim)).json).to.deep.equal({ task_count: 0, tasks: [] });
        await sleep(600);
        expect((await listTasks(sim)).json.task_count, "not yet at 600 ms").to.equal(0);
        await sleep(450);
        const listed = await listTasks(sim);
        expect(listed.json.task_count).to.equal(1);
        expect(jobIds(listed)).to.deep.equal([jobId]);

        sim.setBehaviour({ taskAppearDelayMs: 0 });
        const second = await startSwap(sim);
        expect(jobIds(await listTasks(sim))).to.deep.equal([jobId, second]);
    });

    it("pages with limit 10 when absent, accepts 1..1000 and refuses anything else with 400 111400063", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        for (let i = 0; i < 12; i++) await startSwap(sim);
        const first = await listTasks(sim);
        expect(first.json.task_count, "the total, not the page size").to.equal(12);
        expect(first.json.tasks).to.have.length(10);
        expect((await listTasks(sim, "limit=1000")).json.tasks).to.have.length(12);
        expect((await listTasks(sim, "limit=1")).json.tasks).to.have.length(1);
        const rest = (await listTasks(sim, "offset=10")).json;
        expect(rest.task_count).to.equal(12);
        expect(rest.tasks).to.have.length(2);
        expect((await listTasks(sim, "offset=12")).json).to.deep.equal({ task_count: 12, tasks: [] });
        for (const limit of ["1001", "0", "-1", "ten", ""]) {
            const refused = await listTasks(sim, `limit=${limit}`);
            expect(refused.status, `limit=${limit}`).to.equal(400);
            expect(refused.json).to.deep.equal(badParam("limit"));
        }
        expect((await listTasks(sim, "offset=-1")).json).to.deep.equal(badParam("offset"));
    });

    it("sorts oldest first by default, so page 1 misses the newest task; newest first with taskSortOrder desc", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        const ids = [await startSwap(sim), await startSwap(sim), await startSwap(sim)];
        const asc = await listTasks(sim, "limit=2");
        expect(jobIds(asc)).to.deep.equal([ids[0], ids[1]]);
        expect(asc.json.task_count).to.equal(3);
        sim.setBehaviour({ taskSortOrder: "desc" });
        expect(jobIds(await listTasks(sim, "limit=2"))).to.deep.equal([ids[2], ids[1]]);
        expect(jobIds(await listTasks(sim, "limit=2&offset=2"))).to.deep.equal([ids[0]]);
    });

    it("checks start_time/end_time but ignores them by default; filters by them (whole seconds, inclusive) with honourTaskStartTime", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        const first = await startSwap(sim);
        // Task times have whole seconds: put the second task into the next second.
        await sleep(1020 - (Date.now() % 1000));
        const second = await startSwap(sim);
        const createdAt = Date.parse((await listTasks(sim)).json.tasks[1].created_at);

        expect(jobIds(await listTasks(sim, "start_time=20990101000000"))).to.deep.equal([first, second]);
        expect((await listTasks(sim, "end_time=20000101000000")).json.task_count).to.equal(2);
        expect((await listTasks(sim, "start_time=2024-01-01")).json).to.deep.equal(badParam("start_time"));
        expect((await listTasks(sim, "end_time=20240231000000")).json).to.deep.equal(badParam("end_time"));

        sim.setBehaviour({ honourTaskStartTime: true });
        expect(jobIds(await listTasks(sim, `start_time=${taskTime(createdAt)}`))).to.deep.equal([second]);
        expect(jobIds(await listTasks(sim, `end_time=${taskTime(createdAt - 1000)}`))).to.deep.equal([first]);
        expect((await listTasks(sim, "end_time=20000101000000")).json).to.deep.equal({ task_count: 0, tasks: [] });
        expect((await listTasks(sim, "start_time=2024-01-01")).json).to.deep.equal(badParam("start_time"));
    });

    it("reports task statuses CREATED, EXECUTING, SUCCESS, while the job reports INIT, RUNNING, SUCCESS", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        sim.setInstance(INSTANCE, { jobInitMs: 250, jobDurationMs: 500 });
        const jobId = await startSwap(sim);
        const both = async () => [(await listTasks(sim)).json.tasks[0].status, (await call(sim, "GET", `${v2(sim)}/jobs/${jobId}`)).json.status];
        expect(await both()).to.deep.equal(["CREATED", "INIT"]);
        await sleep(370);
        expect(await both()).to.deep.equal(["EXECUTING", "RUNNING"]);
        await sleep(250);
        expect(await both()).to.deep.equal(["SUCCESS", "SUCCESS"]);
        const task = (await listTasks(sim)).json.tasks[0];
        expect(Date.parse(task.updated_at) - Date.parse(task.created_at), "updated_at = when it ended").to.equal(500);
    });

    it("shows WAITING for taskWaitingMs before CREATED, and FAILED (with error_code) for a failed job", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        sim.setInstance(OTHER_INSTANCE, { taskWaitingMs: 150, jobInitMs: 400, jobDurationMs: 700 });
        await startSwap(sim, OTHER_INSTANCE);
        const status = async () => (await listTasks(sim, "", OTHER_INSTANCE)).json.tasks[0].status;
        expect(await status()).to.equal("WAITING");
        await sleep(270);
        expect(await status()).to.equal("CREATED");
        await sleep(250);
        expect(await status()).to.equal("EXECUTING");

        const failing = randomUUID();
        sim.setInstance(failing, { failReason: "replica lagging" });
        const jobId = await startSwap(sim, failing);
        expect((await listTasks(sim, "", failing)).json.tasks[0]).to.include({ status: "FAILED", error_code: "DCS.5094", job_id: jobId });
    });

    it("gives tasks 32 lower-case hex ids of their own and a numeric task_count", async () => {
        sim.setBehaviour({ taskAppearDelayMs: 0 });
        const jobId = await startSwap(sim);
        const listed = (await listTasks(sim)).json;
        expect(listed.task_count).to.be.a("number");
        expect(listed.tasks[0].id).to.match(/^[0-9a-f]{32}$/);
        expect(listed.tasks[0].id).to.not.equal(jobId);
        expect(sim.jobs()[0].taskId).to.equal(listed.tasks[0].id);
    });

    it("FRIENDLY_TASK_LISTING restores the old listing; reset() restores the start options; bad values are refused by name", async () => {
        const friendly = await startSimulator({ ...FRIENDLY_TASK_LISTING, defaultScenario: { jobDurationMs: 0 } });
        try {
            expect(friendly.behaviour()).to.include({ taskSortOrder: "desc", honourTaskStartTime: true, taskAppearDelayMs: 0 });
            const [a, b] = [await startSwap(friendly), await startSwap(friendly)];
            expect(jobIds(await listTasks(friendly))).to.deep.equal([b, a]);
            expect((await listTasks(friendly, "end_time=20000101000000")).json.task_count).to.equal(0);
            friendly.setBehaviour({ taskSortOrder: "asc" });
            friendly.reset();
            expect(friendly.behaviour().taskSortOrder).to.equal("desc");
        } finally {
            await friendly.stop();
        }
        expect(() => sim.setBehaviour({ taskSortOrder: "newest" as never })).to.throw(/taskSortOrder: expected "asc" or "desc"/);
        expect(() => sim.setBehaviour({ taskAppearDelayMs: -5 })).to.throw(/taskAppearDelayMs/);
        const error = await startSimulator({ honourTaskStartTime: "yes" as never }).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(error).to.include("options.honourTaskStartTime: expected boolean");
    });
});
