import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as runtime from "../provider/resources/runtime";
import { ResourceInitError } from "../provider/resources/runtime";
import { simulatorConfig, swapInputs, useRuntimeHarness } from "./support/runtime-harness";

/**
 * The runtime side of `RollingSwap` against the simulator: the stop rule (a FAIL is recorded and
 * closes the gate; later intents are deferred and their swaps send nothing), the re-run of a
 * deferred swap under a freshly recorded intent, the result's summary, and the fleet preflight.
 * The whole flow under the real CLI is test/e2e/rolling-swap.test.ts.
 */
describe("rolling swap: the runtime's stop rule, result and fleet preflight", function () {
    this.timeout(40_000);
    // Virtual time: the settle wait before an intent and the looks take milliseconds (the 30 s grace is the real one).
    const h = useRuntimeHarness({ virtualTime: true });
    const total = () => Object.values(h.sim.counters().requests).reduce((a, b) => a + b, 0);

    /** The intent and then the swap, as the engine runs a rolling swap's child. */
    async function swapInFleet(instanceId: string, fleet: { name: string; continueOnFailure: boolean }) {
        const intentInputs = { forKind: "MasterStandbySwap", instanceId, taskName: "masterStandbySwapJob", owner: "proj/dev/s-intent", fleet };
        const intent = await runtime.create("OperationIntent", intentInputs);
        const { intentId, baselineTaskIds, baselineMaster } = intent.outs as Record<string, unknown>;
        const swap = await runtime.create("MasterStandbySwap", swapInputs(instanceId, { fleet, intentId, baselineTaskIds, baselineMaster, preflight: false }));
        return { intent, swap };
    }

    it("records a FAILed swap as outputs, then defers the next intent and starts no further swap, without a request", async () => {
        const fleet = { name: `proj/dev/stop-${randomUUID()}`, continueOnFailure: false };
        const [bad, next] = [randomUUID(), randomUUID()];
        h.sim.setInstance(bad, { failReason: "replication link down" });
        const first = await swapInFleet(bad, fleet);
        expect(first.swap.outs).to.include({ status: "FAIL", failReason: "replication link down" });
        expect(h.sim.counters().requests.asyncSwap).to.equal(1);

        const before = total();
        const second = await swapInFleet(next, fleet);
        expect(second.intent.outs).to.include({ deferred: true });
        expect(second.intent.outs).to.have.property("intentId", null);
        expect(second.swap.outs).to.include({ status: "NOT_STARTED" });
        expect(String(second.swap.outs.notStartedBecause)).to.equal(`the rolling swap stopped after the swap of instance ${bad} failed`);
        expect(total()).to.equal(before);
    });

    it("continueOnFailure lets the other swaps run after a FAIL", async () => {
        const fleet = { name: `proj/dev/go-on-${randomUUID()}`, continueOnFailure: true };
        const [bad, next] = [randomUUID(), randomUUID()];
        h.sim.setInstance(bad, { failReason: "no standby" });
        expect((await swapInFleet(bad, fleet)).swap.outs.status).to.equal("FAIL");
        expect((await swapInFleet(next, fleet)).swap.outs.status).to.equal("SUCCESS");
        expect(h.sim.counters().perInstance[next].swaps).to.equal(1);
    });

    it("an error that proves nothing (not a FAIL) still fails the swap, and stops the fleet", async () => {
        const fleet = { name: `proj/dev/busy-${randomUUID()}`, continueOnFailure: false };
        const [frozen, next] = [randomUUID(), randomUUID()];
        h.sim.setInstance(frozen, { status: "FROZEN" });
        let error: unknown;
        await swapInFleet(frozen, fleet).catch((e) => (error = e));
        expect(error).to.be.instanceOf(Error);
        expect((await swapInFleet(next, fleet)).swap.outs.status).to.equal("NOT_STARTED");
    });

    it("a later run records the deferred intent then, and swaps the held-back instance once, without an identification grace", async () => {
        const instanceId = randomUUID();
        // A fleet that has not failed in this process: what the next `pulumi up` sees.
        const fleet = { name: `proj/dev/rerun-${randomUUID()}`, continueOnFailure: false };
        const intentOlds = { forKind: "MasterStandbySwap", instanceId, taskName: "masterStandbySwapJob", owner: "proj/dev/s-intent", fleet, deferred: true };
        const intentNews = { forKind: "MasterStandbySwap", instanceId, taskName: "masterStandbySwapJob", owner: "proj/dev/s-intent", fleet };
        expect((await runtime.diff("OperationIntent", "deferred-1", intentOlds, intentNews)).changes).to.equal(true);
        const intent = await runtime.update("OperationIntent", "deferred-1", intentOlds, intentNews);
        expect(intent.outs.intentId).to.match(/^[0-9a-f]{32}$/);
        expect(intent.outs).to.have.property("deferred", null);

        const olds = { ...swapInputs(instanceId, { fleet, preflight: false }), status: "NOT_STARTED", notStartedBecause: "earlier" };
        const news = swapInputs(instanceId, { fleet, preflight: false, intentId: intent.outs.intentId, baselineTaskIds: intent.outs.baselineTaskIds });
        expect((await runtime.diff("MasterStandbySwap", "not-started-1", olds, news)).changes).to.equal(true);
        const started = h.elapsed();
        const { outs } = await runtime.update("MasterStandbySwap", "not-started-1", olds, news);
        expect(outs).to.include({ status: "SUCCESS" });
        expect(outs).to.have.property("notStartedBecause", null);
        expect(h.sim.counters().perInstance[instanceId].swaps).to.equal(1);
        expect(h.elapsed() - started, "virtual ms: no 30 s grace").to.be.below(15_000);
    });

    it("the intent records how long the instance's last swap took, from the same task-list read", async () => {
        const instanceId = randomUUID();
        h.sim.setInstance(instanceId, { jobDurationMs: 1200 });
        // Swapped from "another machine" (its own journal), so the intent below has no recent send to settle after.
        process.env.DCS_JOBS_JOURNAL_DIR = mkdtempSync(join(tmpdir(), "dcs-other-machine-"));
        await runtime.create("MasterStandbySwap", swapInputs(instanceId)).finally(() => (process.env.DCS_JOBS_JOURNAL_DIR = h.journal));
        const reads = h.sim.counters().requests.listTasks ?? 0;
        const intent = await runtime.create("OperationIntent", { forKind: "MasterStandbySwap", instanceId, taskName: "masterStandbySwapJob", owner: "o" });
        expect(intent.outs.previousDurationMs).to.be.within(1000, 2500);
        expect((h.sim.counters().requests.listTasks ?? 0) - reads).to.equal(1);
    });

    it("a client IP change run again in place polls around its previous duration, from state: fewer GETs than without it", async () => {
        const gets = async (durationMs?: number) => {
            const id = randomUUID();
            h.sim.setInstance(id, { transparentClientIpEnable: false, jobInitMs: 200, jobDurationMs: 3000 });
            const olds = { instanceId: id, enabled: false, owner: "p/s/cip", status: "SUCCESS", jobId: "f".repeat(32), ...(durationMs ? { durationMs } : {}) };
            const before = h.sim.counters().requests.showJob ?? 0;
            // A fast default schedule (100–300 ms): the window's grid (7.5 % of 3 s, at least half of minDelayMs) is sparser.
            const { outs } = await runtime.update("ClientIpPassthrough", id, olds, {
                instanceId: id,
                enabled: true,
                owner: "p/s/cip",
                pollPolicy: { firstDelayMs: 200, minDelayMs: 100, maxDelayMs: 300 },
            });
            expect(outs).to.include({ status: "SUCCESS", enabled: true });
            return (h.sim.counters().requests.showJob ?? 0) - before;
        };
        const [withHistory, without] = [await gets(3000), await gets(undefined)];
        // About 5 grid points fall between 0.7 × 3 s and the job's end (4–6 measured idle); a loaded CI machine shifts
        // the job's end against the grid by a poll or two (7 seen). The default schedule takes about 13.
        expect(withHistory).to.be.within(1, 8);
        expect(without).to.be.above(withHistory);
    });

    it("the result sums the swaps up, and fails with every failure and held-back swap named, keeping the summary", async () => {
        const outcomes = [
            { instanceId: "a", status: "SUCCESS" },
            { instanceId: "b", status: "FAIL", failReason: "replication link down" },
            { instanceId: "c", status: "NOT_STARTED", notStartedBecause: "b failed" },
        ];
        let error: unknown;
        await runtime.create("RollingSwapResult", { fleet: "proj/dev/az1", outcomes, owner: "o" }).catch((e) => (error = e));
        expect(error).to.be.instanceOf(ResourceInitError);
        const init = error as ResourceInitError;
        expect(init.properties).to.deep.include({ swapped: ["a"], failed: [{ instanceId: "b", reason: "replication link down" }], notStarted: ["c"] });
        expect(init.message).to.equal(
            "rolling swap az1: 1 of 3 swapped; failed: b (replication link down); not started: c. Fix the cause and run `pulumi up` again: it resumes with these, and swaps no finished instance again.",
        );
        // A failed result is looked at again by every later run, even with the same outcomes.
        expect((await runtime.diff("RollingSwapResult", "r", init.properties, { fleet: "proj/dev/az1", outcomes, owner: "o" })).changes).to.equal(true);
        const done = outcomes.map((o) => ({ instanceId: o.instanceId, status: "SUCCESS" }));
        const { outs } = await runtime.update("RollingSwapResult", "r", init.properties, { fleet: "proj/dev/az1", outcomes: done, owner: "o" });
        expect(outs).to.deep.include({ swapped: ["a", "b", "c"], failed: [], notStarted: [] });
        expect((await runtime.diff("RollingSwapResult", "r", outs, { fleet: "proj/dev/az1", outcomes: done, owner: "o" })).changes).to.equal(false);
    });

    it("the fleet preflight reads every instance and names all that cannot be switched over in one failure", async () => {
        const [good, single, missing, frozen] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        h.sim.setInstance(single, { cacheMode: "single" });
        h.sim.setInstance(missing, { exists: false });
        h.sim.setInstance(frozen, { status: "FROZEN" });
        const { failures } = await runtime.check("FleetPreflight", {}, { instanceIds: [good, single, missing, frozen], owner: "proj/dev/f-preflight" });
        expect(failures).to.have.length(1);
        expect(failures[0].property).to.equal("instanceIds");
        expect(failures[0].reason).to.match(new RegExp(`^3 of 4 instances cannot be switched over \\(${single}, ${missing}, ${frozen}\\)`));
        expect(failures[0].reason).not.to.contain(`${good} `);
        expect(h.sim.counters().requests).to.deep.equal({ showInstance: 4 });
        expect((await runtime.check("FleetPreflight", {}, { instanceIds: [good], owner: "o" })).failures).to.deep.equal([]);
    });

    it("an instance taken out of the plan and added back under the same triggers is named in a preflight warning at diff (it swaps again); new triggers are not", async () => {
        const [a, b] = [randomUUID(), randomUUID()];
        const inputs = (ids: string[], triggers: Record<string, unknown>) => ({ instanceIds: ids, triggers, owner: "proj/dev/f-preflight" });
        const created = await runtime.create("FleetPreflight", inputs([a, b], { [a]: "CHG-1", [b]: "CHG-1" }));
        const { outs: without } = await runtime.update("FleetPreflight", created.id, created.outs, inputs([a], { [a]: "CHG-1" }));
        expect(without.removed, "what was taken out, with its triggers").to.deep.equal({ [b]: "CHG-1" });
        const strict = async (news: Record<string, unknown>) => {
            const config = { ...simulatorConfig(h.sim), "dcs:strictPreview": "true" };
            await runtime.configure({ config: { get: (key: string) => config[key as keyof typeof config] } });
            try {
                // `diff` sees the old outputs, where `removed` is kept (`check` is given the old inputs only).
                await runtime.diff("FleetPreflight", created.id, without, news);
                return [];
            } catch (error) {
                return [{ reason: (error as Error).message }];
            } finally {
                const plain = simulatorConfig(h.sim);
                await runtime.configure({ config: { get: (key: string) => plain[key as keyof typeof plain] } });
            }
        };
        const [back] = await strict(inputs([a, b], { [a]: "CHG-1", [b]: "CHG-1" }));
        expect(back?.reason).to.contain(`instance ${b} is back in instanceIds under the triggers it had when it was taken out`);
        expect(await strict(inputs([a, b], { [a]: "CHG-1", [b]: "CHG-2" })), "new triggers: a swap is meant").to.deep.equal([]);
        const { outs: again } = await runtime.update("FleetPreflight", created.id, without, inputs([a, b], { [a]: "CHG-1", [b]: "CHG-2" }));
        expect(again.removed, "an instance back in the plan is no longer 'removed'").to.deep.equal({});
    });
});
