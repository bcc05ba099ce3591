import { expect } from "chai";
import { randomUUID } from "crypto";
import { DcsClient } from "../provider";
import * as runtime from "../provider/resources/runtime";
import { UNKNOWN } from "../provider/resources/runtime/unknown";
import { FAST_POLLING, swapInputs, useRuntimeHarness } from "./support/runtime-harness";

/** The provider runtime (what every shim requires) driven directly against the simulator; recovery after kills and timeouts is in runtime-recovery.test.ts, a swap sent again after FAIL in runtime-resend.test.ts. */
describe("provider runtime against the simulator", function () {
    this.timeout(40_000);
    // Virtual time: the runtime, the simulator and the test's own waits share a fresh clock per test.
    const h = useRuntimeHarness({ virtualTime: true });

    it("check names every bad property and tolerates unknowns, without any request", async () => {
        const bad = await runtime.check("MasterStandbySwap", {}, { instanceId: "nope", timeout: "soon", api: "fast", triggers: { n: Infinity }, typo: 1 });
        expect(bad.failures.map((f) => f.property).sort()).to.deep.equal(["api", "instanceId", "timeout", "triggers", "typo"]);
        const unknown = await runtime.check("ClientIpPassthrough", {}, { instanceId: UNKNOWN, enabled: UNKNOWN, timeout: UNKNOWN });
        expect(unknown.failures).to.deep.equal([]);
        const cip = await runtime.check("ClientIpPassthrough", {}, { instanceId: randomUUID(), enabled: "yes" });
        expect(cip.failures).to.deep.equal([{ property: "enabled", reason: 'must be a boolean (true or false), got string "yes"' }]);
        const job = await runtime.check("DcsJob", {}, { method: "GET", path: "instances/x/ssl" });
        expect(job.failures.map((f) => f.property)).to.deep.equal(["method", "path"]);
        expect(Object.values(h.sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("create swaps once, waits, and returns the job as outputs", async () => {
        const id = randomUUID();
        const { id: resourceId, outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        expect(outs).to.include({ instanceId: id, status: "SUCCESS", jobType: "masterStandbySwapJob", apiUsed: "async", __stateVersion: 3 });
        // It ends only once the instance is ready on two reads in a row, and names the new master.
        expect(outs).to.include({ masterNode: "node-b", masterAz: "az-1b", masterChanged: true });
        expect(h.sim.counters().requests.showInstance).to.be.at.least(2);
        expect(resourceId).to.equal(outs.jobId);
        expect(outs.durationMs).to.be.a("number");
        expect(h.sim.counters().effects.swaps).to.equal(1);
    });

    it("config-only changes update in place: pinning endpoint, projectId, region or api never replaces a swap", async () => {
        const id = randomUUID();
        const olds = { ...swapInputs(id), status: "SUCCESS", jobId: "f".repeat(32) };
        for (const extra of [
            { endpoint: h.sim.url },
            { projectId: h.sim.projectId },
            { api: "auto" },
            { timeout: "1h" },
            { pollPolicy: { maxDelayMs: 5000 } },
        ]) {
            const d = await runtime.diff("MasterStandbySwap", "x", olds, swapInputs(id, extra));
            expect(d.replaces, JSON.stringify(extra)).to.deep.equal([]);
        }
        expect((await runtime.diff("MasterStandbySwap", "x", olds, swapInputs(id, { triggers: 2 }))).replaces).to.deep.equal(["triggers"]);
        const job = { method: "PUT", path: "/v2/{project_id}/instances/x/ssl", owner: "o", status: "SUCCESS" };
        expect((await runtime.diff("DcsJob", "x", job, { ...job, endpoint: h.sim.url, instanceId: id })).replaces).to.deep.equal([]);
        expect((await runtime.diff("DcsJob", "x", job, { ...job, body: { enabled: true } })).replaces).to.deep.equal(["body"]);
    });

    it("removing an optional input leaves no perpetual diff: outputs come from the new inputs", async () => {
        const id = randomUUID();
        const olds = { ...swapInputs(id, { api: "sync", timeout: "1h" }), status: "SUCCESS", jobId: "f".repeat(32), apiUsed: "sync" };
        const { outs } = await runtime.update("MasterStandbySwap", "x", olds, swapInputs(id));
        // Unset, and still present: an output absent from state would be unknown at every preview.
        expect(outs).to.have.property("api", null);
        expect(outs).to.have.property("timeout", null);
        expect(outs).to.include({ apiUsed: "sync", status: "SUCCESS" });
        expect((await runtime.diff("MasterStandbySwap", "x", outs, swapInputs(id))).changes).to.equal(false);
    });

    it("refuses to queue a swap behind one it did not start", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 5000 });
        // Someone else's swap (not through this package, so nothing on this machine notes it).
        await new DcsClient({ env: h.sim.env }).swapMasterStandby(id);
        await h.sleep(1500); // until DCS lists the other swap's task (1.5 virtual s)
        const err = await runtime.create("MasterStandbySwap", swapInputs(id)).catch((e) => e);
        // Found when the intent is recorded, before anything is sent: no intent, no record, and the master is not read mid-swap.
        expect(err.name).to.equal("SwapInProgressError");
        expect(err.message).to.contain("already running");
        expect(h.sim.counters().requests.asyncSwap ?? 0).to.equal(1);
        expect(h.sim.counters().effects.swaps).to.equal(1);
    });

    it("falls back to the synchronous swap where the async API does not exist, confirmed by the master changing", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { asyncSwapUnsupported: true });
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
        // The strict simulator does not list the sync swap as a task: the node roles prove it.
        expect(outs).to.include({ apiUsed: "sync", status: "SUCCESS", masterNode: "node-b", masterAz: "az-1b", masterChanged: true });
        expect(h.sim.counters().requests.syncSwap).to.equal(1);
        expect(h.sim.counters().effects.swaps).to.equal(1);
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
        h.sim.resetCounters();
        const updated = await runtime.update("MasterStandbySwap", String(outs.jobId), outs, swapInputs(id, { timeout: "1h" }));
        expect(updated.outs).to.include({ timeout: "1h", jobId: outs.jobId, status: "SUCCESS" });
        expect(Object.values(h.sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("client IP: sets the flag, reports drift on read, restores on delete", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { transparentClientIpEnable: true });
        const inputs = { instanceId: id, enabled: false, restoreOnDelete: true, owner: "p/s/cip", pollPolicy: FAST_POLLING };
        const { outs } = await runtime.create("ClientIpPassthrough", inputs);
        expect(outs).to.include({ status: "SUCCESS", enabled: false, previousEnabled: true, noChange: false, jobType: "modifyClientIpTransJob" });
        h.sim.setInstance(id, { transparentClientIpEnable: true });
        const refreshed = await runtime.read("ClientIpPassthrough", id, outs);
        expect(refreshed.props.enabled).to.equal(true);
        const again = await runtime.create("ClientIpPassthrough", { ...inputs, enabled: true });
        expect(again.outs).to.include({ noChange: true, status: "SUCCESS" });
        h.sim.setInstance(id, { transparentClientIpEnable: false });
        const before = h.sim.counters().effects.clientIpChanges;
        await runtime.delete("ClientIpPassthrough", id, outs);
        expect(h.sim.counters().effects.clientIpChanges).to.equal(before + 1);
        expect(h.sim.instance(id)!.transparentClientIpEnable).to.equal(true);
    });

    it("delete of a swap makes no API call", async () => {
        h.sim.resetCounters();
        await runtime.delete("MasterStandbySwap", "job", { instanceId: randomUUID(), owner: "p/s/swap" });
        expect(Object.values(h.sim.counters().requests).reduce((a, b) => a + b, 0)).to.equal(0);
    });

    it("shims written before 0.2 call `remove`: it is still the runtime's delete", () => {
        expect((runtime as unknown as Record<string, unknown>).remove).to.equal(runtime.delete);
    });

    it("DcsJob runs any job-returning call once and waits for it", async () => {
        const id = randomUUID();
        const { outs } = await runtime.create("DcsJob", {
            method: "PUT",
            path: `/v2/{project_id}/instances/${id}/ssl`,
            body: { enabled: true },
            instanceId: id,
            owner: "p/s/ssl",
            pollPolicy: FAST_POLLING,
        });
        expect(outs).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(h.sim.counters().effects.sslChanges).to.equal(1);
    });
});
