import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DcsClient, asyncSwapSpec, syncSwapSpec, wallNow } from "../../provider/dcs";
import {
    IntentRef,
    Journal,
    OperationError,
    OperationRecord,
    OperationTarget,
    OperationUnidentifiedError,
    clientInstanceViews,
    clientPorts,
    fileJournal,
    recordIntent,
    runOperation,
    withSendsOfThisProcess,
} from "../../provider/operations";
import { RequestLogEntry, RunningSimulator, startSimulator } from "../../simulator";
import { fastSimulatorClient } from "../support/simulator-client";
import { LoopClock } from "../support/virtual-clock";

/** A `LoopClock` whose wall clock can step apart from its monotonic `now()`. */
class SteppableClock extends LoopClock {
    wallStepMs = 0;

    wallNow(): number {
        return this.now() + this.wallStepMs;
    }
}

/**
 * Issue 19: sequences in which "never swap twice" breaks, at the lifecycle level (`runOperation`
 * against the strict simulator, a short identification grace unless the case needs the real one).
 * On virtual time: each test's client, lifecycle, intent, deadlines and simulated cloud share a fresh
 * `LoopClock`, so the real 30 s grace takes milliseconds.
 * Each test asserts the correct behaviour; on the code the issue was filed against they fail.
 * The runtime-level sequences are in test/runtime-premises.test.ts.
 */
describe("reliability: premises of exactly-once (issue 19)", function () {
    this.timeout(120_000);
    const GRACE_MS = 3000;
    const TASK = "masterStandbySwapJob";
    let sim: RunningSimulator;
    let client: DcsClient;
    /**
     * This test's clock (a fresh one per test: the client signs with the real date). `wallStepMs` steps
     * its wall clock (`wallNow`) and not its monotonic `now()`, as an NTP step would (test 5).
     */
    let clock = new SteppableClock();
    /** Called for every answered request; a test sets it to act at a precise moment. */
    let onRequest: ((entry: RequestLogEntry) => void) | undefined;

    before(async () => {
        // The simulated cloud's clock is the test clock's timeline: a step of this machine's wall clock does not move it.
        sim = await startSimulator({
            port: 0,
            defaultScenario: { jobInitMs: 100, jobDurationMs: 1500 },
            onRequest: (e) => onRequest?.(e),
            now: () => clock.now(),
        });
    });
    /** Temporary directories a test made, removed at the end. */
    const scratchDirs: string[] = [];
    after(async () => {
        for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
        await sim.stop();
    });
    beforeEach(() => {
        clock = new SteppableClock();
        client = fastSimulatorClient(sim, { clock });
        sim.reset();
        onRequest = undefined;
    });

    /** Until every job of the instance has ended and it shows no task. */
    async function settled(id: string): Promise<void> {
        for (let i = 0; i < 600; i++) {
            const busy = sim.jobs().some((j) => j.instanceId === id && j.status !== "SUCCESS" && j.status !== "FAIL");
            if (!busy && (sim.instance(id)?.task ?? null) === null) return;
            await clock.sleep(50);
        }
        throw new Error(`instance ${id} did not settle`);
    }

    /** The intent as the OperationIntent resource records it (baseline and master). */
    async function intentFor(id: string, options: { journal?: Journal } = {}): Promise<IntentRef> {
        const intent = await recordIntent(
            client,
            { instanceId: id, taskName: TASK, switchover: true },
            { instances: clientInstanceViews(client), journal: options.journal, clock, deadline: clock.now() + 60_000 },
        );
        return { ...intent, fresh: true };
    }

    function target(id: string, intent: IntentRef, apis: ("async" | "sync")[], fresh: boolean): OperationTarget {
        const specs = { async: asyncSwapSpec(sim.projectId, id), sync: syncSwapSpec(sim.projectId, id) };
        return {
            operation: "master/standby swap",
            instanceId: id,
            taskName: TASK,
            sends: apis.map((api) => ({ api, spec: specs[api] })),
            intent: { ...intent, fresh },
            switchover: true,
        };
    }

    interface Outcome {
        record?: OperationRecord;
        error?: Error;
        log: string[];
    }

    /** One run; `graceMs: null` keeps the default grace (30 s). */
    async function run(
        t: OperationTarget,
        prior: OperationRecord | undefined,
        options: { graceMs?: number | null; deadlineMs?: number; journal?: Journal } = {},
    ): Promise<Outcome> {
        const log: string[] = [];
        return runOperation(t, prior, clientPorts(client, { log: (m) => log.push(m), journal: options.journal, clock }), {
            deadline: clock.now() + (options.deadlineMs ?? 40_000),
            identifyGraceMs: options.graceMs === null ? undefined : (options.graceMs ?? GRACE_MS),
        }).then(
            (record) => ({ record, log }),
            (error) => ({ record: (error as OperationError).record, error: error as Error, log }),
        );
    }

    const requests = (op: "asyncSwap" | "syncSwap") => sim.counters().requests[op] ?? 0;
    const sends = () => requests("asyncSwap") + requests("syncSwap");
    const swaps = (id: string) => sim.instance(id)?.swapCount ?? 0;
    const said = (o: Outcome) => `status ${o.record?.status}, job ${o.record?.jobId}${o.error ? `, error: ${o.error.message}` : ""}`;

    it("1. a sync swap recorded FAIL, sent again by a run killed while confirming: the next run sends nothing and reports SUCCESS", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "the standby is not in sync" });
        const intent = await intentFor(id);
        const run1 = await run(target(id, intent, ["sync"], true), undefined);
        expect(run1.record?.status, `run 1 (${said(run1)})`).to.equal("FAIL");
        await settled(id);

        // Run 2 sends again (FAIL proves nothing swapped), DCS swaps, and the run is killed while confirming: state still says FAIL.
        sim.setInstance(id, { failReason: null });
        await client.swapMasterStandbySync(id);
        await settled(id);
        expect(swaps(id), "run 2's swap took effect").to.equal(1);

        const before = requests("syncSwap");
        const run3 = await run(target(id, intent, ["sync"], false), run1.record);
        await settled(id);
        expect(requests("syncSwap") - before, `sync swaps sent by run 3 (${said(run3)})`).to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(run3.record, said(run3)).to.deep.include({ status: "SUCCESS", masterChanged: true });
    });

    it("2a. an earlier FAILED async task of the same intent does not make a sync swap that swapped report FAIL", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "the standby is not in sync" });
        const intent = await intentFor(id);
        const run1 = await run(target(id, intent, ["async"], true), undefined);
        expect(run1.record?.status, `run 1 (${said(run1)})`).to.equal("FAIL");
        await settled(id);

        sim.setInstance(id, { failReason: null });
        // The user set api: "sync" before running again.
        const run2 = await run(target(id, intent, ["sync"], false), run1.record);
        await settled(id);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(requests("syncSwap"), "sync swaps sent").to.equal(1);
        expect(run2.record?.status, said(run2)).to.equal("SUCCESS");
    });

    it("2b. an operator's failed console swap after the intent does not make our sync swap that swapped report FAIL", async () => {
        const id = randomUUID();
        const intent = await intentFor(id);
        sim.operatorSwap(id, { fail: true, api: "async" });
        await settled(id);
        const r = await run(target(id, intent, ["sync"], true), undefined);
        await settled(id);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(requests("syncSwap"), "sync swaps sent").to.equal(1);
        expect(r.record?.status, said(r)).to.equal("SUCCESS");
    });

    it("5. a wall-clock step during the identification look does not cut the grace short: one swap", async () => {
        const id = randomUUID();
        sim.setBehaviour({ taskAppearDelayMs: 8000 });
        const intent = await intentFor(id);
        // DCS performs the swap, then the connection is reset: ambiguous.
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after", instanceId: id });
        const realNow = Date.now;
        let stepMs = 0;
        let reset = false;
        // Right after the send, once the look has started (its first task-list read), the wall clock steps 60 s
        // forward (NTP, a VM resumed): the clock's `wallNow`, and `Date.now` for any code that reads it directly.
        onRequest = (e) => {
            if (e.operation === "asyncSwap" && e.status === "reset") reset = true;
            if (reset && e.operation === "listTasks" && stepMs === 0) clock.wallStepMs = stepMs = 60_000;
        };
        Date.now = () => realNow.call(Date) + stepMs;
        let r: Outcome;
        const runFrom = clock.now();
        try {
            // The default grace: the task is listed 8 s after the swap, inside it.
            r = await run(target(id, intent, ["async"], true), undefined, { graceMs: null, deadlineMs: 5 * 60_000 });
        } finally {
            Date.now = realNow;
        }
        const tookMs = clock.now() - runFrom;
        await settled(id);
        expect(stepMs, "the clock was stepped").to.equal(60_000);
        expect(requests("asyncSwap"), `async swaps sent (${said(r)})`).to.equal(1);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(r.record?.status, said(r)).to.equal("SUCCESS");
        // The look announced why it waits and for how long (issue 20: a grace is not 30 s of silence).
        expect(r.log.join("\n")).to.match(/not in the task list yet; looking again for up to (29|30) s before deciding whether it ran/);
        expect(tookMs, "virtual ms: the run waited for the task listed 8 s after the swap").to.be.at.least(8000);
    });

    it("6a. a SENT async record re-run after DCS forgot the finished task: nothing is sent, SUCCESS (the master changed)", async () => {
        const id = randomUUID();
        const intent = await intentFor(id);
        expect(intent.baselineMaster, "the intent recorded the master").to.be.a("string");
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after", instanceId: id });
        const sentAt = wallNow(clock);
        await client.swapMasterStandby(id).then(
            () => expect.fail("the answer should have been ambiguous"),
            () => undefined,
        );
        await settled(id);
        expect(swaps(id), "DCS performed it").to.equal(1);
        expect(sim.forgetFinished(), "finished jobs forgotten").to.equal(1);

        const before = sends();
        const r = await run(target(id, intent, ["async"], false), { status: "SENT", api: "async", sentAt });
        await settled(id);
        expect(sends() - before, `swaps sent by the re-run (${said(r)})`).to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(r.record?.status, said(r)).to.equal("SUCCESS");
    });

    it("6b. a RUNNING record whose job DCS no longer serves (404), Huawei Cloud: SUCCESS by the roles, nothing sent", async () => {
        const id = randomUUID();
        const intent = await intentFor(id);
        const sentAt = wallNow(clock);
        const { jobId } = await client.swapMasterStandby(id);
        await settled(id);
        expect(swaps(id)).to.equal(1);
        expect(sim.forgetFinished()).to.equal(1);

        const before = sends();
        const r = await run(target(id, intent, ["async"], false), { status: "RUNNING", jobId, api: "async", sentAt }, { deadlineMs: 45_000 });
        await settled(id);
        expect(sends() - before, `swaps sent by the re-run (${said(r)})`).to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
        expect(r.record?.status, said(r)).to.equal("SUCCESS");
    });

    it("6b. a running record whose task DCS no longer lists, OTC (no roles): an error asking for resolution, nothing sent", async () => {
        const id = randomUUID();
        sim.setBehaviour({ cloud: "otc", syncSwapListsTask: true });
        const intent = await intentFor(id);
        const sentAt = wallNow(clock);
        await client.swapMasterStandbySync(id);
        const taskId = sim.jobs().find((j) => j.instanceId === id)!.taskId;
        await settled(id);
        expect(swaps(id)).to.equal(1);
        expect(sim.forgetFinished()).to.equal(1);

        const before = sends();
        // What state holds once the task was adopted (OTC lists it without job_id): its task id and status.
        const r = await run(target(id, intent, ["async", "sync"], false), { status: "EXECUTING", taskId, api: "sync", sentAt }, { deadlineMs: 20_000 });
        await settled(id);
        expect(sends() - before, `swaps sent by the re-run (${said(r)})`).to.equal(0);
        expect(swaps(id), "switchovers").to.equal(1);
        // The runtime adds the `resolution` to set (test/runtime-premises.test.ts); the lifecycle names the cause.
        expect((r.error as OperationError | undefined)?.cause, `an error (${said(r)})`).to.be.instanceOf(OperationUnidentifiedError);
        expect(r.error!.message, said(r)).to.contain("cannot be read any more");
    });

    it("7. an unwritable journal does not break a same-machine chain: the second swap swaps back, not adopt the first's task", async () => {
        const id = randomUUID();
        sim.setBehaviour({ taskAppearDelayMs: 10_000 });
        // A journal directory that cannot be created (its parent is a file): every write fails, noteSent/lastSent remember nothing.
        // (Not /proc/…: Node 20's recursive mkdirSync loops forever there.)
        const scratch = mkdtempSync(join(tmpdir(), "dcs-journal-parent-"));
        scratchDirs.push(scratch);
        const parent = join(scratch, "a-file");
        writeFileSync(parent, "");
        // As the runtime composes it: this process's own sends are remembered even when the disk fails.
        const journal = withSendsOfThisProcess(fileJournal(join(parent, "journal")));
        expect(journal.write("probe", { status: "SENT" }), "the journal cannot be written").to.equal(false);
        const first = await run(target(id, await intentFor(id, { journal }), ["async"], true), undefined, { journal, graceMs: 12_000, deadlineMs: 90_000 });
        expect(first.record?.status, `first swap (${said(first)})`).to.equal("SUCCESS");

        // The next swap of a dependsOn chain, in the same process; DCS does not act on its first request.
        const intent2 = await intentFor(id, { journal });
        sim.addFaults({ operation: "asyncSwap", kind: "502", instanceId: id });
        const second = await run(target(id, intent2, ["async"], true), undefined, { journal, graceMs: 12_000, deadlineMs: 90_000 });
        await settled(id);
        expect(second.record?.jobId, `the second swap's job (${said(second)}) is not the first's`).to.not.equal(first.record!.jobId);
        expect(swaps(id), "switchovers").to.equal(2);
        expect(sim.instance(id)!.master, "back to the first master").to.equal("node-a");
        expect(second.record?.status, said(second)).to.equal("SUCCESS");
    });

    it("8. a node-roles outage at the deciding read does not confirm a sync swap that did nothing", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "the standby is not in sync" });
        const intent = await intentFor(id);
        expect(intent.baselineMaster).to.be.a("string");
        sim.addFaults({ operation: "showNodes", kind: "500", count: 1_000_000, instanceId: id });
        const r = await run(target(id, intent, ["sync"], true), undefined, { deadlineMs: 20_000 });
        await settled(id);
        expect(swaps(id), "switchovers").to.equal(0);
        expect(r.record?.status, `${said(r)}; log: ${r.log.join(" | ")}`).to.not.equal("SUCCESS");
        expect(r.error, "an error (or FAIL)").to.be.instanceOf(Error);
    });
});
