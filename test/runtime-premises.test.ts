import { expect } from "chai";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { join } from "path";
import { DcsClient } from "../provider";
import { wallNow } from "../provider/dcs";
import { DEFAULT_IDENTIFY_GRACE_MS } from "../provider/operations";
import * as runtime from "../provider/resources/runtime";
import { ResourceInitError } from "../provider/resources/runtime";
import { simulatorConfig, swapInputs, useRuntimeHarness } from "./support/runtime-harness";

type Outs = Record<string, unknown>;
type Fleet = { name: string; continueOnFailure: boolean };

/**
 * Issue 19 at the runtime level (what every shim requires, against the simulator, with the real
 * 30 s grace, on virtual time): sequences in which "never swap twice" breaks, or a swap's record is lost. Each test
 * asserts the correct behaviour; on the code the issue was filed against they fail. The
 * lifecycle-level sequences are in test/reliability/premises.test.ts.
 */
describe("provider runtime: premises of exactly-once (issue 19)", function () {
    this.timeout(60_000);
    // Virtual time (the real 30 s grace takes milliseconds), but for the tests that call `h.realTime()`.
    const h = useRuntimeHarness({ virtualTime: true });
    const TASK = "masterStandbySwapJob";

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const sentNow = () => wallNow(h.clock);
    const requests = (op: string) => h.sim.counters().requests[op] ?? 0;
    const sends = () => requests("asyncSwap") + requests("syncSwap");
    const total = () => Object.values(h.sim.counters().requests).reduce((a, b) => a + b, 0);
    const swaps = (id: string) => h.sim.instance(id)?.swapCount ?? 0;

    /** Until every job of the instance has ended and it shows no task. */
    async function settled(id: string): Promise<void> {
        for (let i = 0; i < 600; i++) {
            const busy = h.sim.jobs().some((j) => j.instanceId === id && j.status !== "SUCCESS" && j.status !== "FAIL");
            if (!busy && (h.sim.instance(id)?.task ?? null) === null) return;
            await h.sleep(50);
        }
        throw new Error(`instance ${id} did not settle`);
    }

    /** Resolves with outputs or with the error, never rejects. */
    function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: Error & Partial<ResourceInitError> }> {
        return p.then(
            (value) => ({ value }),
            (error) => ({ error }),
        );
    }
    const said = (o: { value?: { outs?: Outs }; error?: Error & Partial<ResourceInitError> }) =>
        o.error ? `error: ${o.error.message} (state: ${String(o.error.properties?.status)})` : `outputs status ${String(o.value?.outs?.status)}`;

    const intentInputs = (instanceId: string, fleet?: Fleet) => ({
        forKind: "MasterStandbySwap",
        instanceId,
        taskName: TASK,
        owner: "proj/dev/swap-intent",
        fleet,
    });

    /** The OperationIntent, as the class registers it; returns the inputs the swap then receives from it. */
    async function recordIntent(instanceId: string, fleet?: Fleet): Promise<Outs> {
        const { outs } = await runtime.create("OperationIntent", intentInputs(instanceId, fleet));
        const { intentId, baselineTaskIds, baselineMaster } = outs;
        return { intentId, baselineTaskIds, baselineMaster };
    }

    /** Intent, then swap, as the engine runs a RollingSwap's child. */
    async function swapInFleet(instanceId: string, fleet: Fleet) {
        const inputs = swapInputs(instanceId, { fleet, preflight: false, ...(await recordIntent(instanceId, fleet)) });
        return { inputs, swap: await runtime.create("MasterStandbySwap", inputs) };
    }

    /**
     * An earlier `pulumi up` in a process of its own (so the intent is not this process's): the
     * intent and the swap, created to completion. Resolves with the swap's inputs and outputs.
     */
    async function earlierRun(instanceId: string): Promise<{ inputs: Outs; id: string; outs: Outs }> {
        const script = `
            const runtime = require("./provider/resources/runtime");
            const cfg = JSON.parse(process.env.CFG);
            const inputs = JSON.parse(process.env.INPUTS);
            (async () => {
                await runtime.configure({ config: { get: (k) => cfg[k] } });
                const intent = await runtime.create("OperationIntent", JSON.parse(process.env.INTENT));
                const { intentId, baselineTaskIds, baselineMaster } = intent.outs;
                const swapInputs = { ...inputs, intentId, baselineTaskIds, baselineMaster };
                const { id, outs } = await runtime.create("MasterStandbySwap", swapInputs);
                console.log("STATE " + JSON.stringify({ inputs: swapInputs, id, outs }));
            })().catch((e) => { console.error(e); process.exit(1); });`;
        const child = spawn(process.execPath, ["-r", "./test/support/register.cjs", "-e", script], {
            cwd: join(__dirname, ".."),
            env: {
                ...process.env,
                CFG: JSON.stringify(simulatorConfig(h.sim)),
                INPUTS: JSON.stringify(swapInputs(instanceId, { preflight: false })),
                INTENT: JSON.stringify(intentInputs(instanceId)),
                DCS_JOBS_JOURNAL_DIR: h.journal,
            },
            stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (d) => (out += String(d)));
        const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
        const line = /^STATE (.*)$/m.exec(out);
        if (code !== 0 || !line) throw new Error(`the earlier run failed (exit ${code}): ${out}`);
        return JSON.parse(line[1]);
    }

    it("3. an upgrade from 0.1.0 state (sync swap kept as pending-since-<ms>, no intent) never swaps a second time", async function () {
        this.timeout(120_000);
        const id = randomUUID();
        // 0.1.0 sent the sync swap; DCS swapped; the run ended before it found the swap's task.
        const sentAt = sentNow();
        await new DcsClient({ env: h.sim.env }).swapMasterStandbySync(id);
        await settled(id);
        expect(swaps(id)).to.equal(1);
        // What 0.1.0 kept as partial state (keepJobAndThrow): the echoed inputs, the placeholder job id, RUNNING.
        const olds = {
            ...swapInputs(id, { api: "sync" }),
            apiUsed: "sync",
            jobId: `pending-since-${sentAt}`,
            beginTime: sentAt,
            status: "RUNNING",
            runtimeVersion: "0.1.0",
            stateVersion: 1,
        };
        const news = swapInputs(id, { api: "sync" });
        const before = sends();
        const r = await settle(runtime.update("MasterStandbySwap", String(olds.jobId), olds, news));
        await settled(id);
        expect(sends() - before, `swaps sent by the update (${said(r)})`).to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
        // Nothing recorded what the instance looked like before 0.1 sent it: the run stops and prints the way out.
        expect(r.error, said(r)).to.be.instanceOf(Error);
        expect(r.error!.message, said(r)).to.contain('resolution: { intentId: "legacy", outcome: "done" }');
        expect(r.error!.properties?.status, "state must not say the swap did nothing (a later run would send again)").to.not.equal("FAIL");

        // The operator checked the instance and records the outcome: SUCCESS, no call; it stays harmless in the program.
        const partial = r.error!.properties as Record<string, unknown>;
        const resolved = { ...news, resolution: { intentId: "legacy", outcome: "done" } };
        const { outs } = await runtime.update("MasterStandbySwap", String(olds.jobId), partial, resolved);
        expect(outs).to.include({ status: "SUCCESS", resolvedBy: "operator" });
        const again = await runtime.update("MasterStandbySwap", String(olds.jobId), outs, resolved);
        expect(again.outs.status).to.equal("SUCCESS");
        expect(sends() - before, "no swap sent by the resolution").to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
    });

    it("3b. an unfinished 0.1.0 record is not judged against the sibling intent the upgraded program records after it", async function () {
        this.timeout(120_000);
        const asyncId = randomUUID();
        const syncId = randomUUID();
        const client = new DcsClient({ env: h.sim.env });
        // 0.1.0 sent both swaps and DCS performed them; its runs ended before it saw them end.
        const sentAt = sentNow();
        const { jobId } = await client.swapMasterStandby(asyncId);
        await client.swapMasterStandbySync(syncId);
        await Promise.all([settled(asyncId), settled(syncId)]);
        const legacy = { apiUsed: "async", beginTime: sentAt, runtimeVersion: "0.1.0", stateVersion: 1 };
        const olds = {
            [asyncId]: { ...swapInputs(asyncId), ...legacy, jobId, status: "RUNNING" },
            [syncId]: { ...swapInputs(syncId, { api: "sync" }), ...legacy, apiUsed: "sync", jobId: `pending-since-${sentAt}`, status: "RUNNING" },
        };
        const before = sends();
        for (const id of [asyncId, syncId]) {
            // The upgraded program registers `<name>-intent` first: recorded now, its master is already the new one.
            const news: Outs = { ...swapInputs(id, olds[id].apiUsed === "sync" ? { api: "sync" } : {}), ...(await recordIntent(id)) };
            const r = await settle(runtime.update("MasterStandbySwap", String(olds[id].jobId), olds[id], news));
            if (id === asyncId) {
                // The job is ours by id: resumed, SUCCESS, and no "not confirmed" against a master read after the swap.
                expect(r.error, said(r)).to.equal(undefined);
                expect(r.value!.outs).to.include({ status: "SUCCESS", jobId, __intentId: news.intentId });
                expect(r.value!.outs.masterChanged, said(r)).to.not.equal(false);
            } else {
                expect(r.error?.message, said(r)).to.contain('resolution: { intentId: "legacy", outcome: "done" }');
            }
        }
        expect(sends() - before, "swaps sent after the upgrade").to.equal(0);
        expect([swaps(asyncId), swaps(syncId)], "switchovers").to.deep.equal([1, 1]);
    });

    it("a resolution naming another intent is ignored; `not-done` sends the undecided swap once more", async function () {
        this.timeout(120_000);
        const id = randomUUID();
        const sentAt = sentNow();
        // 0.1 state of a sync swap DCS never acted on (the 204 was lost with the run).
        const olds = { ...swapInputs(id, { api: "sync" }), apiUsed: "sync", jobId: `pending-since-${sentAt}`, status: "RUNNING", stateVersion: 1 };
        const stale = await settle(
            runtime.update("MasterStandbySwap", "x", olds, { ...swapInputs(id, { api: "sync" }), resolution: { intentId: "0".repeat(32), outcome: "done" } }),
        );
        expect(stale.error?.message, "a resolution for another intent changes nothing").to.contain("resolution");
        const { outs } = await runtime.update("MasterStandbySwap", "x", olds, {
            ...swapInputs(id, { api: "sync" }),
            resolution: { intentId: "legacy", outcome: "not-done" },
        });
        await settled(id);
        expect(outs).to.include({ status: "SUCCESS", masterChanged: true });
        expect(swaps(id), "swapped once, by the resolved re-send").to.equal(1);
    });

    it("4. an intent re-recorded over an in-flight SENT record does not send the swap again", async function () {
        this.timeout(150_000);
        const id = randomUUID();
        const intent1 = await recordIntent(id);
        // DCS performs the swap but the answer is lost; the task list cannot be read for the whole look.
        h.sim.addFaults([
            { operation: "asyncSwap", kind: "reset-after", instanceId: id },
            { operation: "listTasks", kind: "500", count: 1_000_000, instanceId: id },
        ]);
        const lookFrom = h.elapsed();
        const created = await settle(runtime.create("MasterStandbySwap", swapInputs(id, { preflight: false, ...intent1 })));
        expect(created.error, said(created)).to.be.instanceOf(ResourceInitError);
        expect(h.elapsed() - lookFrom, "virtual ms: the look waited out the real grace before leaving it SENT").to.be.at.least(DEFAULT_IDENTIFY_GRACE_MS);
        const partial = created.error!.properties!;
        expect(partial).to.include({ status: "SENT", apiUsed: "async" });
        h.sim.clearFaults();
        await settled(id);
        expect(swaps(id), "DCS performed the first request").to.equal(1);

        // The next run records a new intent (after the task is listed), then updates the swap under it.
        const intent2 = await recordIntent(id);
        const taskId = h.sim.jobs().find((j) => j.instanceId === id)!.taskId;
        expect(intent2.baselineTaskIds, "the new baseline holds the swap").to.include(taskId);
        const r = await settle(runtime.update("MasterStandbySwap", created.error!.id!, partial, swapInputs(id, { preflight: false, ...intent2 })));
        await settled(id);
        expect(requests("asyncSwap"), `async swaps sent in all (${said(r)})`).to.equal(1);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(r.value?.outs.status, said(r)).to.equal("SUCCESS");
    });

    for (const [title, beforeCreate] of [
        ["9a. `pulumi up --replace` of a finished swap swaps once more, or refuses naming triggers", async () => {}],
        [
            "9b. a targeted destroy, then up, of a finished swap swaps once more, or refuses naming triggers",
            async (id: string, outs: Outs) => runtime.delete("MasterStandbySwap", id, outs),
        ],
    ] as const) {
        it(title, async () => {
            // The earlier run is a process of its own, on real time.
            h.realTime();
            const instanceId = randomUUID();
            const first = await earlierRun(instanceId);
            expect(first.outs.status).to.equal("SUCCESS");
            expect(swaps(instanceId)).to.equal(1);
            // The engine diffs, then (replace or destroy + up) creates the swap again under the unchanged intent.
            expect((await runtime.diff("MasterStandbySwap", first.id, first.outs, first.inputs)).changes).to.equal(false);
            await beforeCreate(first.id, first.outs);
            const before = sends();
            const r = await settle(runtime.create("MasterStandbySwap", first.inputs));
            await settled(instanceId);
            const outcome = `${said(r)}, job ${String(r.value?.outs.jobId)} (the first: ${String(first.outs.jobId)}), ${sends() - before} swap requests sent`;
            if (r.error) {
                expect(r.error.message, outcome).to.contain("triggers");
                expect(swaps(instanceId), "switchovers").to.equal(1);
            } else {
                expect(r.value!.outs.jobId, `a second create reported the first swap as its own: ${outcome}`).to.not.equal(first.outs.jobId);
                expect(swaps(instanceId), "switchovers").to.equal(2);
                expect(r.value!.outs.status).to.equal("SUCCESS");
            }
        });
    }

    it("10. DcsJob: a changed instanceId that fills {instance_id} in the path is a replace", async () => {
        const [a, b] = [randomUUID(), randomUUID()];
        const job = { method: "PUT", path: "/v2/{project_id}/instances/{instance_id}/ssl", body: { enabled: true }, owner: "p/s/ssl" };
        const olds = { ...job, instanceId: a, status: "SUCCESS", jobId: "f".repeat(32) };
        const d = await runtime.diff("DcsJob", "x", olds, { ...job, instanceId: b });
        expect(d.changes).to.equal(true);
        expect(d.replaces, "the call now acts on another instance").to.have.length.above(0);
    });

    it("11. a finished swap of a stopped rolling swap keeps its record on an in-place update", async () => {
        const fleet = { name: `proj/dev/kept-${randomUUID()}`, continueOnFailure: false };
        const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
        const A = await swapInFleet(a, fleet);
        const B = await swapInFleet(b, fleet);
        expect([A.swap.outs.status, B.swap.outs.status]).to.deep.equal(["SUCCESS", "SUCCESS"]);
        h.sim.setInstance(c, { failReason: "replication link down" });
        expect((await swapInFleet(c, fleet)).swap.outs.status, "C fails, closing the rolling swap's gate").to.equal("FAIL");

        const before = total();
        const { outs } = await runtime.update("MasterStandbySwap", A.swap.id, A.swap.outs, { ...A.inputs, timeout: "1h" });
        expect(outs, `A's outputs after the update: ${JSON.stringify(outs)}`).to.include({ status: "SUCCESS", jobId: A.swap.outs.jobId, timeout: "1h" });
        expect(outs).to.have.property("notStartedBecause", null);
        expect(total(), "requests").to.equal(before);
    });

    it("13. `--target` of a held-back swap whose intent is still deferred, with the gate open: an error naming the intent, or a swap", async () => {
        const fleet = { name: `proj/dev/target-${randomUUID()}`, continueOnFailure: false };
        const id = randomUUID();
        const olds = {
            ...swapInputs(id, { fleet, preflight: false }),
            status: "NOT_STARTED",
            notStartedBecause: "its intent was deferred: the rolling swap had stopped",
        };
        // The intent was not targeted: state still holds it deferred, so the swap gets no intentId.
        const r = await settle(runtime.update("MasterStandbySwap", "not-started-1", olds, swapInputs(id, { fleet, preflight: false })));
        await settled(id);
        if (r.error) {
            expect(r.error.message, said(r)).to.contain("intent");
        } else {
            expect(r.value!.outs.status, `neither an error naming the intent nor a swap (${said(r)})`).to.equal("SUCCESS");
            expect(swaps(id)).to.equal(1);
        }
    });

    it("14. a swap waiting on a busy instance sends nothing once its rolling swap has stopped, and records NOT_STARTED", async () => {
        // Two lanes at once, one waiting for the simulator's answers while the other sleeps: real time (see LoopClock).
        h.realTime();
        const fleet = { name: `proj/dev/late-${randomUUID()}`, continueOnFailure: false };
        const [x, y] = [randomUUID(), randomUUID()];
        h.sim.setInstance(y, { failReason: "replication link down" });
        const xInputs = swapInputs(x, { fleet, preflight: false, ...(await recordIntent(x, fleet)) });
        h.sim.setInstance(x, { busyForMs: 5000 });
        // Two lanes: X starts, finds its instance busy and waits; meanwhile Y fails and stops the rolling swap.
        const xRun = settle(runtime.create("MasterStandbySwap", xInputs));
        await sleep(300);
        expect((await swapInFleet(y, fleet)).swap.outs.status, "Y fails, closing the gate").to.equal("FAIL");
        const atStop = requests("asyncSwap");

        const xr = await xRun;
        await settled(x);
        expect(requests("asyncSwap") - atStop, `async swaps X sent after the stop (${said(xr)})`).to.equal(0);
        expect(h.sim.counters().perInstance[x]?.swaps ?? 0, "swaps DCS accepted on X").to.equal(0);
        expect(swaps(x), "switchovers on X").to.equal(0);
        expect(xr.error, said(xr)).to.equal(undefined);
        expect(xr.value!.outs.status).to.equal("NOT_STARTED");
    });
});
