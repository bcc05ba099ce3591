import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, admin, call, sleep, startSwap, v2 } from "./support.test";

describe("simulator: admin endpoints and scenario files", () => {
    let sim: RunningSimulator;
    before(async () => {
        sim = await startSimulator({ defaultScenario: { jobInitMs: 0, jobDurationMs: 50 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    it("configures and shows instances over HTTP", async () => {
        const set = await admin(sim, "POST", `instances/${INSTANCE}`, { cacheMode: "single", busyForMs: 10_000 });
        expect(set.status).to.equal(200);
        expect(set.json.scenario).to.include({ cacheMode: "single", busyForMs: 10_000, jobDurationMs: 50 });
        expect(set.json.task).to.equal("BACKUPING");
        const shown = await admin(sim, "GET", `instances/${INSTANCE}`);
        expect(shown.json).to.include({ instanceId: INSTANCE, master: "node-a", swapCount: 0 });
        expect(sim.instance(INSTANCE)?.scenario.cacheMode, "same state as the programmatic API").to.equal("single");
        expect((await admin(sim, "GET", `instances/${OTHER_INSTANCE}`)).status).to.equal(404);
    });

    it("rejects bad scenarios, faults and JSON with 400 naming the problem", async () => {
        const typo = await admin(sim, "POST", `instances/${INSTANCE}`, { jobDurationMS: 5 });
        expect(typo.status).to.equal(400);
        expect(typo.json.error).to.include('unknown field "jobDurationMS"');
        expect((await admin(sim, "POST", `instances/${INSTANCE}`, { latencyMs: -1 })).status).to.equal(400);
        expect((await admin(sim, "POST", "instances/not-a-uuid", {})).status).to.equal(400);
        expect((await admin(sim, "POST", "faults", { operation: "asyncSwap", kind: "explode" })).json.error).to.include("kind");
        expect((await admin(sim, "POST", "faults", "{not json")).status).to.equal(400);
        expect((await admin(sim, "GET", "nothing")).status).to.equal(404);
    });

    it("queues faults, lists jobs, reports and resets counters", async () => {
        const queued = await admin(sim, "POST", "faults", [
            { operation: "asyncSwap", kind: "reset-after" },
            { operation: "showJob", kind: "500", count: 2 },
        ]);
        expect(queued.json).to.deep.equal({ pending: 3 });
        await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`).catch(() => undefined);
        const jobs = (await admin(sim, "GET", "jobs")).json;
        expect(jobs).to.have.length(1);
        expect(jobs[0]).to.include({ instanceId: INSTANCE, jobType: "masterStandbySwapJob" });
        expect((await call(sim, "GET", `${v2(sim)}/jobs/${jobs[0].jobId}`)).status).to.equal(500);
        const counters = (await admin(sim, "GET", "counters")).json;
        expect(counters).to.deep.include({ resets: 1, effects: { swaps: 1, clientIpChanges: 0, sslChanges: 0 } });
        expect(counters.responses).to.deep.equal({ "500": 1 });
        await admin(sim, "POST", "counters/reset");
        expect(sim.counters().effects.swaps).to.equal(0);
    });

    it("sets and removes the rate limit over HTTP", async () => {
        const set = await admin(sim, "POST", "rate-limit", { requestsPerSecond: 1, retryAfterSeconds: 3 });
        expect(set.json).to.deep.equal({ rateLimit: { requestsPerSecond: 1, retryAfterSeconds: 3 } });
        await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`);
        const throttled = await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`);
        expect(throttled.status).to.equal(429);
        expect(throttled.headers.get("retry-after")).to.equal("3");
        expect((await admin(sim, "GET", "counters")).status, "admin calls are never throttled").to.equal(200);
        expect((await admin(sim, "POST", "rate-limit", "null")).json).to.deep.equal({ rateLimit: null });
        expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).status).to.equal(200);
    });

    it("resets to the initial state: no jobs, default instances, no faults", async () => {
        await startSwap(sim);
        sim.addFaults({ operation: "any", kind: "500" });
        expect((await admin(sim, "POST", "reset")).status).to.equal(200);
        expect(sim.jobs()).to.deep.equal([]);
        expect(sim.instance(INSTANCE)).to.equal(undefined);
        expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).status).to.equal(200);
    });

    it("answers admin calls only for a loopback Host header", async () => {
        const status = await new Promise<number>((resolve, reject) => {
            const req = request(`${sim.url}/__admin/counters`, { headers: { Host: "attacker.example:80" } }, (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
            });
            req.on("error", reject);
            req.end();
        });
        expect(status).to.equal(403);
    });

    it("loads instances, faults and a rate limit from a scenario file, and resets back to them", async () => {
        const dir = await mkdtemp(join(tmpdir(), "dcs-sim-"));
        const file = join(dir, "scenario.json");
        await writeFile(
            file,
            JSON.stringify({
                defaultScenario: { jobDurationMs: 40, jobInitMs: 0 },
                instances: { [INSTANCE]: { cacheMode: "single" }, [OTHER_INSTANCE]: { transparentClientIpEnable: false } },
                faults: [{ operation: "showInstance", kind: "502", instanceId: OTHER_INSTANCE }],
                rateLimit: { requestsPerSecond: 100 },
                taskSortOrder: "desc",
                serverClockSkewMs: -5000,
                taskAppearDelayMs: 0,
            }),
        );
        const fromFile = await startSimulator({ scenarioFile: file, taskAppearDelayMs: 7 });
        try {
            expect(fromFile.behaviour(), "file fields apply, explicit options win").to.deep.equal({
                cloud: "huaweicloud",
                taskSortOrder: "desc",
                honourTaskStartTime: false,
                taskAppearDelayMs: 7,
                serverClockSkewMs: -5000,
                syncSwapListsTask: false,
            });
            const path = (id: string) => `${v2(fromFile)}/instances/${id}`;
            expect((await call(fromFile, "PUT", `${path(INSTANCE)}/async-swap`)).json.error_code).to.equal("DCS.4855");
            expect((await call(fromFile, "GET", path(OTHER_INSTANCE))).status).to.equal(502);
            expect((await call(fromFile, "GET", path(OTHER_INSTANCE))).json.transparent_client_ip_enable).to.equal(false);
            const jobId = await startSwap(fromFile, OTHER_INSTANCE);
            await sleep(60);
            expect((await call(fromFile, "GET", `${v2(fromFile)}/jobs/${jobId}`)).json.status).to.equal("SUCCESS");
            fromFile.reset();
            expect((await call(fromFile, "GET", path(OTHER_INSTANCE))).status, "the file's fault is back").to.equal(502);
        } finally {
            await fromFile.stop();
        }
        await writeFile(file, JSON.stringify({ instances: { [INSTANCE]: { cachemode: "ha" } } }));
        const error = await startSimulator({ scenarioFile: file }).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(error).to.include('unknown field "cachemode"');
        await writeFile(file, JSON.stringify({ cloud: "aws" }));
        const badCloud = await startSimulator({ scenarioFile: file }).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(badCloud).to.equal(`scenario file ${file}: cloud: expected one of huaweicloud, otc`);
        await rm(dir, { recursive: true });
    });
});
