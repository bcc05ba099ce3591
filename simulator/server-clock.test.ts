import { expect } from "chai";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, call, listTasks, startSwap, taskTime, v2 } from "./support.test";

const SKEW = 10 * 60_000;

describe("simulator: server clock skew and the Date header", () => {
    let sim: RunningSimulator;
    before(async () => {
        // Ten minutes: within the gateway's 15-minute X-Sdk-Date window, so clients still get in.
        sim = await startSimulator({ serverClockSkewMs: SKEW, taskAppearDelayMs: 0, defaultScenario: { jobInitMs: 0, jobDurationMs: 100 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const near = (actual: number, expected: number, toleranceMs = 2000) =>
        expect(Math.abs(actual - expected), `${actual} vs ${expected}`).to.be.below(toleranceMs);

    it("sends a Date header in server time on every /v2 answer, errors included", async () => {
        for (const path of [`${v2(sim)}/instances/${INSTANCE}`, `${v2(sim)}/instances/${INSTANCE}/nothing`]) {
            const answer = await call(sim, "GET", path);
            near(Date.parse(answer.headers.get("date")!), Date.now() + SKEW);
        }
        const plain = await startSimulator();
        try {
            near(Date.parse((await call(plain, "GET", `${v2(plain)}/instances/${INSTANCE}`)).headers.get("date")!), Date.now());
        } finally {
            await plain.stop();
        }
    });

    it("shifts job begin_time/end_time and task created_at/updated_at by the skew", async () => {
        const sentAt = Date.now();
        const jobId = await startSwap(sim);
        const job = (await call(sim, "GET", `${v2(sim)}/jobs/${jobId}`)).json;
        near(Number(job.begin_time), sentAt + SKEW, 1000);
        const task = (await listTasks(sim)).json.tasks[0];
        expect(Date.parse(task.created_at)).to.equal(Number(job.begin_time));
        near(Date.parse(task.created_at), sentAt + SKEW, 1000);
        expect(sim.jobs()[0].createdAt, "admin views stay in host time").to.be.below(sentAt + 1000);
    });

    it("reads start_time/end_time in server time when honouring them", async () => {
        sim.setBehaviour({ honourTaskStartTime: true });
        const jobId = await startSwap(sim);
        // Halfway between host time and server time: only a skew-aware filter puts the task after it.
        const halfway = taskTime(Date.now() + SKEW / 2);
        expect((await listTasks(sim, `start_time=${halfway}`)).json.tasks.map((t: { job_id: string }) => t.job_id)).to.deep.equal([jobId]);
        expect((await listTasks(sim, `end_time=${halfway}`)).json.task_count).to.equal(0);
    });

    it("checks X-Sdk-Date against server time: a 20-minute skew refuses host-time signatures", async () => {
        sim.setBehaviour({ serverClockSkewMs: 20 * 60_000 });
        const hostTime = await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`);
        expect(hostTime.status).to.equal(401);
        expect(hostTime.json.error_code).to.equal("APIG.0303");
        const serverTime = await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`, { signedAt: new Date(Date.now() + 20 * 60_000) });
        expect(serverTime.status).to.equal(200);
        sim.setBehaviour({ serverClockSkewMs: -SKEW });
        near(Date.parse(serverTime.headers.get("date")!), Date.now() + 20 * 60_000);
        near(Date.parse((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).headers.get("date")!), Date.now() - SKEW);
    });
});
