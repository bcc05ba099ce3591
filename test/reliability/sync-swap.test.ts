import { expect } from "chai";
import { randomUUID } from "crypto";
import { Clock, DcsClient, asyncSwapSpec, syncSwapSpec, systemClock, wallNow } from "../../provider/dcs";
import {
    OperationError,
    OperationRecord,
    OperationTarget,
    OperationUnidentifiedError,
    clientInstanceViews,
    clientPorts,
    recordIntent,
    runOperation,
} from "../../provider/operations";
import { RunningSimulator, startSimulator } from "../../simulator";
import { ApiBehaviour, FaultSpec } from "../../simulator/types";
import { fastSimulatorClient } from "../support/simulator-client";
import { LoopClock } from "../support/virtual-clock";

/**
 * The synchronous swap (`POST …/swap`, 204, no job) against the strict simulator, where DCS does
 * not list it as a background task: it is confirmed by the instance settling and, where node roles
 * are exposed (Huawei Cloud), by the master changing — and never sent again without that proof.
 * On virtual time: each test's client, lifecycle and simulated cloud share a fresh `LoopClock`.
 */
describe("reliability: the synchronous swap without a background task", function () {
    this.timeout(60_000);
    let sim: RunningSimulator;
    let client: DcsClient;
    /** This test's clock, shared by the client, the lifecycle and the simulated cloud: a fresh `LoopClock` per test (the client signs with the real date). */
    let clock: Clock = systemClock;
    const GRACE_MS = 3000;

    before(async () => {
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 1500 }, now: () => wallNow(clock) });
    });
    after(() => sim.stop());
    beforeEach(() => {
        clock = new LoopClock();
        client = fastSimulatorClient(sim, { clock });
        sim.reset();
    });

    async function swap(options: { behaviour?: Partial<ApiBehaviour>; faults?: FaultSpec[]; api?: "sync" | "auto" } = {}) {
        const id = randomUUID();
        if (options.behaviour) sim.setBehaviour(options.behaviour);
        const instances = clientInstanceViews(client);
        const intent = await recordIntent(client, { instanceId: id, taskName: "masterStandbySwapJob", switchover: true }, { instances, clock });
        if (options.faults) sim.addFaults(options.faults.map((f) => ({ ...f, instanceId: id })));
        const sends = [{ api: "sync", spec: syncSwapSpec(sim.projectId, id) }];
        if (options.api === "auto") sends.unshift({ api: "async", spec: asyncSwapSpec(sim.projectId, id) });
        const target: OperationTarget = {
            operation: "master/standby swap",
            instanceId: id,
            taskName: "masterStandbySwapJob",
            sends,
            intent: { ...intent, fresh: true },
            switchover: true,
        };
        const log: string[] = [];
        const outcome = await runOperation(target, undefined, clientPorts(client, { log: (m) => log.push(m), clock }), {
            deadline: clock.now() + 40_000,
            identifyGraceMs: GRACE_MS,
        }).then(
            (record) => ({ record, error: undefined as OperationError | undefined }),
            (error) => ({ record: (error as OperationError).record as OperationRecord | undefined, error: error as OperationError }),
        );
        return { id, intent, log, ...outcome, view: sim.instance(id)!, counters: sim.counters() };
    }

    it("Huawei Cloud: a 204 is confirmed by the master changing once the instance is ready twice; no task needed", async () => {
        const r = await swap();
        expect(r.error).to.equal(undefined);
        expect(r.intent.baselineMaster).to.match(/node-a$/);
        expect(r.record).to.deep.include({ status: "SUCCESS", api: "sync", masterChanged: true });
        expect(r.record!.master).to.deep.include({ nodeName: "node-b", azCode: "az-1b" });
        expect(r.record!.taskId).to.equal(undefined);
        expect(r.counters.effects.swaps).to.equal(1);
        expect(r.view.task, "the instance is ready when the swap counts as done").to.equal(null);
    });

    it("OTC (no node roles, no task): confirmed by readiness after a whole grace, and says so", async () => {
        const started = clock.now();
        const r = await swap({ behaviour: { cloud: "otc" } });
        expect(r.error).to.equal(undefined);
        expect(r.record).to.deep.include({ status: "SUCCESS", api: "sync" });
        expect(r.record!.master).to.equal(undefined);
        expect(clock.now() - started, "virtual ms: it waited the whole grace").to.be.at.least(GRACE_MS);
        expect(r.log.join("\n")).to.contain("confirmed by readiness only");
        expect(r.counters.effects.swaps).to.equal(1);
    });

    it("a cloud that lists the sync swap: its task is adopted and waited for", async () => {
        const r = await swap({ behaviour: { syncSwapListsTask: true, cloud: "otc" } });
        expect(r.error).to.equal(undefined);
        expect(r.record).to.deep.include({ status: "SUCCESS", api: "sync" });
        expect(r.record!.taskId).to.match(/^[0-9a-f]{32}$/);
        expect(r.counters.effects.swaps).to.equal(1);
    });

    it("OTC, a 502 on the sync swap: not listed, roles unreadable, so it is NOT sent again", async () => {
        const r = await swap({ behaviour: { cloud: "otc" }, faults: [{ operation: "syncSwap", kind: "502" }] });
        expect(r.error).to.be.instanceOf(OperationError);
        expect(r.error!.cause).to.be.instanceOf(OperationUnidentifiedError);
        expect((r.error!.cause as Error).message).to.contain("node roles cannot be read");
        expect(r.record).to.deep.include({ status: "SENT", api: "sync" });
        expect(r.counters.requests.syncSwap).to.equal(1);
    });

    it("Huawei Cloud, a 502 DCS never acted on: the master is unchanged, so it is sent again; one swap", async () => {
        const r = await swap({ faults: [{ operation: "syncSwap", kind: "502" }] });
        expect(r.error).to.equal(undefined);
        expect(r.record).to.deep.include({ status: "SUCCESS", masterChanged: true });
        expect(r.counters.requests.syncSwap).to.equal(2);
        expect(r.counters.effects.swaps).to.equal(1);
    });

    it("Huawei Cloud, a reset after DCS acted: the master changed, so it is not sent again; one swap", async () => {
        const r = await swap({ faults: [{ operation: "syncSwap", kind: "reset-after" }] });
        expect(r.error).to.equal(undefined);
        expect(r.record).to.deep.include({ status: "SUCCESS", masterChanged: true });
        expect(r.counters.requests.syncSwap).to.equal(1);
        expect(r.counters.effects.swaps).to.equal(1);
    });

    it("auto falls back on the backend's own 404 DCS.4001, not only on APIG.0101", async () => {
        const notFound = {
            operation: "asyncSwap" as const,
            kind: "canned" as const,
            status: 404,
            body: '{"error_code":"DCS.4001","error_msg":"The requested URL does not exist."}',
        };
        const r = await swap({ api: "auto", faults: [notFound as unknown as FaultSpec] });
        expect(r.error).to.equal(undefined);
        expect(r.record).to.deep.include({ status: "SUCCESS", api: "sync" });
        expect(r.counters.effects.swaps).to.equal(1);
    });
});
