import { expect } from "chai";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DcsClient } from "../provider";
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
        expect(outs).to.include({ instanceId: id, status: "SUCCESS", jobType: "masterStandbySwapJob", apiUsed: "async", stateVersion: 2 });
        // It ends only once the instance is ready on two reads in a row, and names the new master.
        expect(outs).to.include({ masterNode: "node-b", masterAz: "az-1b", masterChanged: true });
        expect(sim.counters().requests.showInstance).to.be.at.least(2);
        expect(resourceId).to.equal(outs.jobId);
        expect(outs.durationMs).to.be.a("number");
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("a FAIL job becomes a partial failure that keeps the job id and fail_reason", async function () {
        // The update first reads the task list for the whole identify grace (30 s) before it swaps again.
        this.timeout(90_000);
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

    /**
     * Runs `runtime.create` in a child process and SIGKILLs it once DCS has accepted the job. Like a
     * `pulumi up`, the child records the intent itself first; resolves with it, as state would hold it.
     */
    async function createAndKill(
        kind: string,
        inputs: Record<string, unknown>,
        acceptedLine: RegExp,
    ): Promise<{ intentId: string; baselineTaskIds?: string[] }> {
        const script = `
            const runtime = require("./provider/resources/runtime");
            const inputs = JSON.parse(process.env.INPUTS);
            runtime.configure({ config: { get: (k) => JSON.parse(process.env.CFG)[k] } })
                .then(() => runtime.create("OperationIntent", { forKind: process.env.KIND, instanceId: inputs.instanceId, taskName: process.env.TASK || undefined }))
                .then(({ outs }) => {
                    const intent = { intentId: outs.intentId, baselineTaskIds: outs.baselineTaskIds };
                    console.log("INTENT " + JSON.stringify(intent));
                    return runtime.create(process.env.KIND, { ...inputs, ...intent });
                });`;
        const cfg = {
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
        };
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: join(__dirname, ".."),
            env: {
                ...process.env,
                CFG: JSON.stringify(cfg),
                KIND: kind,
                TASK: kind === "MasterStandbySwap" ? "masterStandbySwapJob" : "",
                INPUTS: JSON.stringify(inputs),
                DCS_JOBS_JOURNAL_DIR: journal,
            },
            stdio: ["ignore", "pipe", "inherit"],
        });
        let intent: { intentId: string; baselineTaskIds?: string[] } | undefined;
        await new Promise<void>((resolve) =>
            child.stdout.on("data", (d) => {
                const text = String(d);
                const line = /^INTENT (.*)$/m.exec(text);
                if (line) intent = JSON.parse(line[1]);
                if (acceptedLine.test(text)) resolve();
            }),
        );
        child.kill("SIGKILL");
        return intent!;
    }

    it("a create killed while waiting is adopted by the next create: one swap in total", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 4000 });
        const intent = await createAndKill("MasterStandbySwap", swapInputs(id), /swap accepted on instance/);
        rmSync(journal, { recursive: true, force: true }); // a fresh runner: correctness must not need the journal
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id, intent));
        expect(outs.status).to.equal("SUCCESS");
        expect(sim.counters().effects.swaps).to.equal(1);
        expect(sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("a DcsJob killed while waiting is adopted too: the call is not sent twice", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 3000 });
        const inputs = { method: "PUT", path: `/v2/{project_id}/instances/${id}/ssl`, body: { enabled: true }, instanceId: id, owner: "p/s/ssl", pollPolicy };
        const intent = await createAndKill("DcsJob", inputs, /accepted on instance .*: job/);
        const { outs } = await runtime.create("DcsJob", { ...inputs, ...intent });
        expect(outs).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(sim.counters().requests.ssl).to.equal(1);
        expect(sim.counters().effects.sslChanges).to.equal(1);
    });

    it("a DcsJob killed while waiting, re-run on a fresh runner (no journal), is refused, not sent twice", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 3000 });
        const inputs = { method: "PUT", path: `/v2/{project_id}/instances/${id}/ssl`, body: { enabled: true }, instanceId: id, owner: "p/s/ssl2", pollPolicy };
        const intent = await createAndKill("DcsJob", inputs, /accepted on instance .*: job/);
        rmSync(journal, { recursive: true, force: true });
        const err = await runtime.create("DcsJob", { ...inputs, ...intent }).catch((e) => e);
        expect(err.name).to.equal("OperationUnidentifiedError");
        expect(err.message).to.contain(`instance ${id}`).and.contain("not sent again");
        expect(sim.counters().requests.ssl).to.equal(1);
    });

    it("a journal that cannot be written is a warning, never a lost job (DCS_JOBS_JOURNAL_DIR is a file)", async () => {
        const id = randomUUID();
        const file = join(journal, "..", `not-a-dir-${id}`);
        require("fs").writeFileSync(file, "x");
        const before = process.env.DCS_JOBS_JOURNAL_DIR;
        process.env.DCS_JOBS_JOURNAL_DIR = file;
        try {
            const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
            expect(outs.status).to.equal("SUCCESS");
            expect(sim.counters().effects.swaps).to.equal(1);
        } finally {
            process.env.DCS_JOBS_JOURNAL_DIR = before;
            rmSync(file, { force: true });
        }
    });

    it("a status DCS did not document (QUEUED) recorded at the deadline is waited for by update, never sent again", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 1500 });
        const { outs: first } = await runtime.create("MasterStandbySwap", swapInputs(id));
        const olds = { ...first, status: "QUEUED" };
        const { outs } = await runtime.update("MasterStandbySwap", String(first.jobId), olds, swapInputs(id));
        expect(outs).to.include({ status: "SUCCESS", jobId: first.jobId });
        expect(sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("config-only changes update in place: pinning endpoint, projectId, region or api never replaces a swap", async () => {
        const id = randomUUID();
        const olds = { ...swapInputs(id), status: "SUCCESS", jobId: "f".repeat(32) };
        for (const extra of [{ endpoint: sim.url }, { projectId: sim.projectId }, { api: "auto" }, { timeout: "1h" }, { pollPolicy: { maxDelayMs: 5000 } }]) {
            const d = await runtime.diff("MasterStandbySwap", "x", olds, swapInputs(id, extra));
            expect(d.replaces, JSON.stringify(extra)).to.deep.equal([]);
        }
        expect((await runtime.diff("MasterStandbySwap", "x", olds, swapInputs(id, { triggers: 2 }))).replaces).to.deep.equal(["triggers"]);
        const job = { method: "PUT", path: "/v2/{project_id}/instances/x/ssl", owner: "o", status: "SUCCESS" };
        expect((await runtime.diff("DcsJob", "x", job, { ...job, endpoint: sim.url, instanceId: id })).replaces).to.deep.equal([]);
        expect((await runtime.diff("DcsJob", "x", job, { ...job, body: { enabled: true } })).replaces).to.deep.equal(["body"]);
    });

    it("removing an optional input leaves no perpetual diff: outputs come from the new inputs", async () => {
        const id = randomUUID();
        const olds = { ...swapInputs(id, { api: "sync", timeout: "1h" }), status: "SUCCESS", jobId: "f".repeat(32), apiUsed: "sync" };
        const { outs } = await runtime.update("MasterStandbySwap", "x", olds, swapInputs(id));
        expect(outs).to.not.have.property("api");
        expect(outs).to.not.have.property("timeout");
        expect(outs).to.include({ apiUsed: "sync", status: "SUCCESS" });
        expect((await runtime.diff("MasterStandbySwap", "x", outs, swapInputs(id))).changes).to.equal(false);
    });

    it("refuses to queue a swap behind one it did not start", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 5000 });
        // Someone else's swap (not through this package, so nothing on this machine notes it).
        await new DcsClient({ env: sim.env }).swapMasterStandby(id);
        await new Promise((r) => setTimeout(r, 1500)); // until DCS lists the other swap's task
        const err = await runtime.create("MasterStandbySwap", swapInputs(id)).catch((e) => e);
        // Nothing was sent, and state keeps that (NOT_SENT) so the next run identifies before sending.
        expect(err.cause.name).to.equal("SwapInProgressError");
        expect(err.properties.status).to.equal("NOT_SENT");
        expect(err.message).to.contain("already running");
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("falls back to the synchronous swap where the async API does not exist, confirmed by the master changing", async () => {
        const id = randomUUID();
        sim.setInstance(id, { asyncSwapUnsupported: true });
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        // The strict simulator does not list the sync swap as a task: the node roles prove it.
        expect(outs).to.include({ apiUsed: "sync", status: "SUCCESS", masterNode: "node-b", masterAz: "az-1b", masterChanged: true });
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
