import { expect } from "chai";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as runtime from "../provider/resources/runtime";
import { UNKNOWN } from "../provider/resources/runtime/unknown";
import { RunningSimulator, startSimulator } from "../simulator";

/** The provider runtime (what every shim requires) driven directly against the simulator. */
describe("provider runtime against the simulator", function () {
    this.timeout(40_000);
    let sim: RunningSimulator;
    let journal: string;
    const pollPolicy = { firstDelayMs: 200, minDelayMs: 100, maxDelayMs: 300 };
    const configFor = (s: RunningSimulator) => ({
        get: (key: string) =>
            (
                ({
                    "dcs:accessKey": s.credentials.accessKey,
                    "dcs:secretKey": s.credentials.secretKey,
                    "dcs:projectId": s.projectId,
                    "dcs:endpoint": s.url,
                }) as Record<string, string>
            )[key],
    });

    before(async () => {
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 700 } });
        journal = mkdtempSync(join(tmpdir(), "dcs-journal-"));
        process.env.DCS_JOBS_JOURNAL_DIR = journal;
        await runtime.configure({ config: configFor(sim) });
    });
    after(async () => {
        delete process.env.DCS_JOBS_JOURNAL_DIR;
        rmSync(journal, { recursive: true, force: true });
        await sim.stop();
    });
    beforeEach(() => sim.reset());

    const swapInputs = (instanceId: string, extra: Record<string, unknown> = {}) => ({ instanceId, owner: "proj/dev/swap", pollPolicy, ...extra });

    it("check names every bad property and tolerates unknowns, without any request", async () => {
        const bad = await runtime.check("MasterStandbySwap", {}, { instanceId: "nope", timeout: "soon", api: "fast", triggers: { n: Infinity }, typo: 1 });
        expect(bad.failures.map((f) => f.property).sort()).to.deep.equal(["api", "instanceId", "timeout", "triggers", "typo"]);
        const unknown = await runtime.check("ClientIpPassthrough", {}, { instanceId: UNKNOWN, enabled: UNKNOWN, timeout: UNKNOWN });
        expect(unknown.failures).to.deep.equal([]);
        const cip = await runtime.check("ClientIpPassthrough", {}, { instanceId: randomUUID(), enabled: "yes" });
        expect(cip.failures).to.deep.equal([{ property: "enabled", reason: 'must be a boolean (true or false), got string "yes"' }]);
        const job = await runtime.check("DcsJob", {}, { method: "GET", path: "instances/x/ssl" });
        expect(job.failures.map((f) => f.property)).to.deep.equal(["method", "path"]);
        expect(Object.values(sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("create swaps once, waits, and returns the job as outputs", async () => {
        const id = randomUUID();
        const { id: resourceId, outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        expect(outs).to.include({ instanceId: id, status: "SUCCESS", jobType: "masterStandbySwapJob", apiUsed: "async", stateVersion: 1 });
        expect(resourceId).to.equal(outs.jobId);
        expect(outs.durationMs).to.be.a("number");
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("a FAIL job becomes a partial failure that keeps the job id and fail_reason", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "replica link down" });
        const err = await runtime.create("MasterStandbySwap", swapInputs(id)).catch((e) => e);
        expect(err.message).to.contain("replica link down");
        expect(err.id).to.be.a("string");
        expect(err.properties).to.include({ status: "FAIL", failReason: "replica link down", jobId: err.id });
        // The next `pulumi up` calls update: a recorded FAIL means swap again.
        sim.setInstance(id, { failReason: null });
        const { outs } = await runtime.update("MasterStandbySwap", err.id, err.properties, swapInputs(id));
        expect(outs.status).to.equal("SUCCESS");
        expect(outs.jobId).not.to.equal(err.id);
        expect(sim.counters().effects.swaps).to.equal(2);
    });

    it("a timeout keeps the running job, and update resumes it without a second swap", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 3000 });
        const err = await runtime.create("MasterStandbySwap", swapInputs(id, { timeout: "1s" })).catch((e) => e);
        expect(err.properties).to.include({ status: "RUNNING", jobId: err.id });
        expect(err.reasons[0]).to.contain("did not finish within");
        const { outs } = await runtime.update("MasterStandbySwap", err.id, err.properties, swapInputs(id, { timeout: "30s" }));
        expect(outs).to.include({ status: "SUCCESS", jobId: err.id });
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    /** Runs `runtime.create` in a child process and SIGKILLs it once DCS has accepted the job. */
    async function createAndKill(kind: string, inputs: object, acceptedLine: RegExp): Promise<void> {
        const script = `
            const runtime = require("./provider/resources/runtime");
            runtime.configure({ config: { get: (k) => JSON.parse(process.env.CFG)[k] } }).then(() =>
                runtime.create(process.env.KIND, JSON.parse(process.env.INPUTS)));`;
        const cfg = {
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
        };
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: join(__dirname, ".."),
            env: { ...process.env, CFG: JSON.stringify(cfg), KIND: kind, INPUTS: JSON.stringify(inputs), DCS_JOBS_JOURNAL_DIR: journal },
            stdio: ["ignore", "pipe", "inherit"],
        });
        await new Promise<void>((resolve) => child.stdout.on("data", (d) => acceptedLine.test(String(d)) && resolve()));
        child.kill("SIGKILL");
    }

    it("a create killed while waiting is adopted by the next create: one swap in total", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 4000 });
        await createAndKill("MasterStandbySwap", swapInputs(id), /swap accepted/);
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        expect(outs.status).to.equal("SUCCESS");
        expect(sim.counters().effects.swaps).to.equal(1);
        expect(sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("a DcsJob killed while waiting is adopted too: the call is not sent twice", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 3000 });
        const inputs = { method: "PUT", path: `/v2/{project_id}/instances/${id}/ssl`, body: { enabled: true }, instanceId: id, owner: "p/s/ssl", pollPolicy };
        await createAndKill("DcsJob", inputs, /accepted \(job/);
        const { outs } = await runtime.create("DcsJob", inputs);
        expect(outs).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(sim.counters().requests.ssl).to.equal(1);
        expect(sim.counters().effects.sslChanges).to.equal(1);
    });

    it("refuses to queue a swap behind one it did not start", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 5000 });
        await runtime.create("MasterStandbySwap", swapInputs(id, { timeout: "1s", owner: "other/dev/swap" })).catch(() => undefined);
        const err = await runtime.create("MasterStandbySwap", swapInputs(id)).catch((e) => e);
        expect(err.name).to.equal("SwapInProgressError");
        expect(err.message).to.contain("already running");
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("falls back to the synchronous swap where the async API does not exist", async () => {
        const id = randomUUID();
        sim.setInstance(id, { asyncSwapUnsupported: true });
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        expect(outs).to.include({ apiUsed: "sync", status: "SUCCESS", jobType: "masterStandbySwapJob" });
        expect(sim.counters().requests.syncSwap).to.equal(1);
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("diff replaces on triggers and instance, updates on timeout, and ignores __provider", async () => {
        const id = randomUUID();
        const olds = { instanceId: id, triggers: [1], timeout: "30m", status: "SUCCESS", __provider: "old" };
        expect(await runtime.diff("MasterStandbySwap", "x", olds, { instanceId: id, triggers: [1], timeout: "30m", __provider: "new" })).to.deep.equal({
            changes: false,
            replaces: [],
        });
        expect(await runtime.diff("MasterStandbySwap", "x", olds, { instanceId: id, triggers: [2], timeout: "30m" })).to.deep.equal({
            changes: true,
            replaces: ["triggers"],
        });
        expect(await runtime.diff("MasterStandbySwap", "x", olds, { instanceId: id, triggers: [1], timeout: "1h" })).to.deep.equal({
            changes: true,
            replaces: [],
        });
        expect(
            (await runtime.diff("MasterStandbySwap", "x", { ...olds, status: "RUNNING" }, { instanceId: id, triggers: [1], timeout: "30m" })).changes,
        ).to.equal(true);
    });

    it("update with only a new timeout makes no API call", async () => {
        const id = randomUUID();
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        sim.resetCounters();
        const updated = await runtime.update("MasterStandbySwap", String(outs.jobId), outs, swapInputs(id, { timeout: "1h" }));
        expect(updated.outs).to.include({ timeout: "1h", jobId: outs.jobId, status: "SUCCESS" });
        expect(Object.values(sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("client IP: sets the flag, reports drift on read, restores on delete", async () => {
        const id = randomUUID();
        sim.setInstance(id, { transparentClientIpEnable: true });
        const inputs = { instanceId: id, enabled: false, restoreOnDelete: true, owner: "p/s/cip", pollPolicy };
        const { outs } = await runtime.create("ClientIpPassthrough", inputs);
        expect(outs).to.include({ status: "SUCCESS", enabled: false, previousEnabled: true, noChange: false, jobType: "modifyClientIpTransJob" });
        sim.setInstance(id, { transparentClientIpEnable: true });
        const refreshed = await runtime.read("ClientIpPassthrough", id, outs);
        expect(refreshed.props.enabled).to.equal(true);
        const again = await runtime.create("ClientIpPassthrough", { ...inputs, enabled: true });
        expect(again.outs).to.include({ noChange: true, status: "SUCCESS" });
        sim.setInstance(id, { transparentClientIpEnable: false });
        const before = sim.counters().effects.clientIpChanges;
        await runtime.remove("ClientIpPassthrough", id, outs);
        expect(sim.counters().effects.clientIpChanges).to.equal(before + 1);
        expect(sim.instance(id)!.transparentClientIpEnable).to.equal(true);
    });

    it("delete of a swap makes no API call", async () => {
        sim.resetCounters();
        await runtime.remove("MasterStandbySwap", "job", { instanceId: randomUUID(), owner: "p/s/swap" });
        expect(Object.values(sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("DcsJob runs any job-returning call once and waits for it", async () => {
        const id = randomUUID();
        const { outs } = await runtime.create("DcsJob", {
            method: "PUT",
            path: `/v2/{project_id}/instances/${id}/ssl`,
            body: { enabled: true },
            instanceId: id,
            owner: "p/s/ssl",
            pollPolicy,
        });
        expect(outs).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(sim.counters().effects.sslChanges).to.equal(1);
    });
});
