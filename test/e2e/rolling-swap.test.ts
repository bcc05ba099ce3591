/**
 * End to end: a `RollingSwap` (a fleet of master/standby swaps, a few at a time, stopping at the
 * first failure) through the real Pulumi CLI, the installed tarball and the DCS simulator.
 *
 * What DCS received is read from the simulator: its effect counters (swaps that took effect) and
 * its request log (`onRequest`), which names the instance of every write call, so "instances 6–10
 * got no write request" is checked per instance, not from the provider's own report.
 *
 * The re-run of a swap whose job FAILed waits one identification grace (~30 s) before it sends
 * again: that is how it makes sure the failed job was the only one; the timeouts allow for it.
 */
import { expect } from "chai";
import { Counters, InstanceScenario, RequestLogEntry, RunningSimulator } from "../../simulator";
import { PulumiCli, diagnostics, resource, timed } from "./cli";
import { useCliSuite } from "./suite";
import { RollingSwapSpec, initStack } from "./program";
import { NO_WRITES, requestDelta, requestsOn, writeCalls } from "./requests";

const SWAP_TYPE = "pulumi-nodejs:dynamic/dcs:MasterStandbySwap";
const RESULT_TYPE = "pulumi-nodejs:dynamic/dcs:RollingSwapResult";
/** A resource created, updated or replaced, as `pulumi up` reports it. */
const CHANGED = /(MasterStandbySwap|OperationIntent|RollingSwapResult|FleetPreflight) \S+ (created|updated|replaced)/;

describe("e2e: RollingSwap through the Pulumi CLI + installed tarball + DCS simulator", function () {
    this.timeout(120_000);

    /** Every request the simulator answered, in order. */
    const log: RequestLogEntry[] = [];
    const suite = useCliSuite("rolling", { defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 }, onRequest: (entry) => log.push(entry) });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    before(() => ({ sim, cli } = suite));

    // ---- helpers ------------------------------------------------------------------------------

    const instance = (scenario: Partial<InstanceScenario> = {}) => suite.instance(scenario);

    const newStack = (stack: string, rollingSwaps: RollingSwapSpec[]) => initStack(cli, sim, stack, { rollingSwaps });

    /** Swaps DCS accepted on the instance (a job was created, whatever its end). */
    const acceptedOn = (id: string) => sim.counters().perInstance[id]?.swaps ?? 0;
    /** Swaps that took effect on the instance (their job ended SUCCESS and the master changed). */
    const swapsOn = (id: string) => sim.instance(id)?.swapCount ?? 0;

    const delta = (before: Counters, after: Counters = sim.counters()) => requestDelta(before, after);

    /** Write requests (async-swap, sync-swap, client-IP, SSL) about `id` since `since`, zeros included. */
    const writesOn = (id: string, since: number) => writeCalls(requestsOn(log, id, since));

    /** Write requests in total per instance of `ids` since `since`. */
    const writeCountsOn = (ids: string[], since: number) => ids.map((id) => Object.values(writesOn(id, since)).reduce((a, b) => a + b, 0));

    /** The swap jobs DCS has for `id`, oldest first. */
    const jobsOn = (id: string) =>
        sim
            .jobs()
            .filter((j) => j.instanceId === id && j.jobType === "masterStandbySwapJob")
            .sort((a, b) => a.createdAt - b.createdAt);

    // ---- a. stops at the first failure, the re-run swaps only the rest ---------------------------

    it("a. 10 instances one at a time, the 5th FAILs: up fails with 4 of 10 swapped, 6–10 get no write; after the fix, up swaps exactly 5–10; a third up does nothing", async function () {
        this.timeout(420_000);
        const reason = "replication link between master and standby is down; switchover aborted";
        const ids = Array.from({ length: 10 }, () => instance());
        sim.setInstance(ids[4], { failReason: reason });
        const [first4, fifth, last5] = [ids.slice(0, 4), ids[4], ids.slice(5)];
        await newStack("fleet", [{ name: "roll", instanceIds: ids }]);

        // -- first up: stops at the 5th
        let mark = log.length;
        const up = timed("up #1 (5th fails)", await cli.up("fleet", "fail"));
        expect(up.code).to.not.equal(0);
        expect(up.output.includes(reason), `the fail reason in the output of up; its diagnostics:\n${diagnostics(up)}`).to.equal(true);
        const summary = up.output.split("\n").find((line) => line.includes("rolling swap roll: 4 of 10 swapped"));
        expect(summary, `one line: 'rolling swap roll: 4 of 10 swapped; failed: …; not started: …'; diagnostics:\n${diagnostics(up)}`).to.be.a("string");
        expect(summary).to.include(`failed: ${fifth} (${reason})`);
        expect(summary).to.include(`not started: ${last5.join(", ")}`);

        // What DCS saw, per instance.
        expect(first4.map(swapsOn), "swaps that took effect on instances 1–4").to.deep.equal([1, 1, 1, 1]);
        expect(first4.map(acceptedOn), "swaps accepted on instances 1–4").to.deep.equal([1, 1, 1, 1]);
        expect(writeCountsOn(first4, mark), "write requests on instances 1–4").to.deep.equal([1, 1, 1, 1]);
        expect(swapsOn(fifth), "swaps that took effect on the 5th (its job FAILed)").to.equal(0);
        expect(acceptedOn(fifth), "swaps accepted on the 5th").to.equal(1);
        expect(writesOn(fifth, mark), "write requests on the 5th").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect(
            jobsOn(fifth).map((j) => j.status),
            "the 5th's jobs",
        ).to.deep.equal(["FAIL"]);
        expect(last5.map(acceptedOn), "swaps accepted on instances 6–10").to.deep.equal([0, 0, 0, 0, 0]);
        expect(writeCountsOn(last5, mark), "write requests on instances 6–10").to.deep.equal([0, 0, 0, 0, 0]);
        for (const id of last5) {
            // Only the fleet preflight read them; their (deferred) intents and swaps made no call.
            const ops = Object.keys(requestsOn(log, id, mark));
            expect(ops, `requests about not-started instance ${id}`).to.satisfy((o: string[]) => o.every((op) => op === "showInstance"));
            expect(jobsOn(id), `jobs on not-started instance ${id}`).to.deep.equal([]);
        }
        // One at a time: each swap was sent after the previous job had ended.
        const firstJobs = ids.slice(0, 5).map((id) => jobsOn(id)[0]);
        for (let i = 1; i < firstJobs.length; i++) {
            expect(firstJobs[i].createdAt, `swap ${i + 1} sent after job ${i} ended`).to.be.at.least(firstJobs[i - 1].endsAt);
        }

        // What Pulumi recorded.
        let { deployment } = await cli.exportStack("fleet");
        const failedChild = resource(deployment, `roll-${fifth}`);
        expect(failedChild?.type).to.equal(SWAP_TYPE);
        expect(failedChild?.outputs?.status, "the 5th swap's status").to.equal("FAIL");
        expect(failedChild?.outputs?.failReason).to.equal(reason);
        for (const id of first4) expect(resource(deployment, `roll-${id}`)?.outputs?.status, `swap of ${id}`).to.equal("SUCCESS");
        for (const id of last5) {
            const child = resource(deployment, `roll-${id}`);
            expect(child?.outputs?.status, `swap of ${id}`).to.equal("NOT_STARTED");
            expect(child?.outputs?.notStartedBecause, `why ${id} did not start`).to.be.a("string").and.include(fifth);
        }
        let result = resource(deployment, "roll-result");
        expect(result?.type).to.equal(RESULT_TYPE);
        expect(result?.outputs?.swapped, "result: swapped").to.deep.equal(first4);
        expect(result?.outputs?.failed, "result: failed").to.deep.equal([{ instanceId: fifth, reason }]);
        expect(result?.outputs?.notStarted, "result: notStarted, in plan order").to.deep.equal(last5);
        expect(result?.initErrors ?? [], "the result failed the deployment (partial state)").to.have.length(1);

        // -- the 5th is fixed: the next up resumes with 5–10 and leaves 1–4 alone
        sim.setInstance(fifth, { failReason: null });
        mark = log.length;
        const again = timed("up #2 (after the fix)", await cli.up("fleet"));
        expect(ids.map(swapsOn), "swaps that took effect, instances 1–10").to.deep.equal(Array(10).fill(1));
        expect(ids.map(acceptedOn), "swaps accepted in total, instances 1–10 (the 5th: the failed one and the new one)").to.deep.equal([
            1, 1, 1, 1, 2, 1, 1, 1, 1, 1,
        ]);
        expect(writeCountsOn(first4, mark), "new write requests on instances 1–4").to.deep.equal([0, 0, 0, 0]);
        expect(writeCountsOn(ids.slice(4), mark), "new write requests on instances 5–10").to.deep.equal(Array(6).fill(1));
        expect(
            jobsOn(fifth).map((j) => j.status),
            "the 5th's jobs: the failed one, then one more",
        ).to.deep.equal(["FAIL", "SUCCESS"]);
        expect(again.output).to.not.match(new RegExp(`MasterStandbySwap roll-(${first4.join("|")}) (created|updated|replaced)`));
        const { rollingSwaps } = await cli.outputs("fleet");
        expect(rollingSwaps.roll).to.deep.equal({ swapped: ids, failed: [], notStarted: [] });
        ({ deployment } = await cli.exportStack("fleet"));
        for (const id of ids) expect(resource(deployment, `roll-${id}`)?.outputs?.status, `swap of ${id}`).to.equal("SUCCESS");
        result = resource(deployment, "roll-result");
        expect(result?.outputs).to.deep.include({ swapped: ids, failed: [], notStarted: [] });
        expect(result?.initErrors ?? []).to.deep.equal([]);

        // -- nothing left to do
        const before = sim.counters();
        mark = log.length;
        const third = timed("up #3 (no-op)", await cli.up("fleet"));
        expect(writeCalls(delta(before)), "write calls of a no-op up").to.deep.equal(NO_WRITES);
        expect(writeCountsOn(ids, mark)).to.deep.equal(Array(10).fill(0));
        expect(third.output).to.not.match(CHANGED);
        const applied = third.output.slice(third.output.indexOf("Updating (fleet):"));
        expect(applied, "the update's resource summary").to.match(/Resources:\s+\d+ unchanged\s/);
        expect(ids.map(swapsOn)).to.deep.equal(Array(10).fill(1));
        expect(ids.map(acceptedOn)).to.deep.equal([1, 1, 1, 1, 2, 1, 1, 1, 1, 1]);
        expect((await cli.outputs("fleet")).rollingSwaps.roll).to.deep.equal({ swapped: ids, failed: [], notStarted: [] });
        // A finished rolling swap previews as no change at all: `--expect-no-changes` is a usable CI gate.
        timed("preview --expect-no-changes", await cli.preview("fleet", ["--expect-no-changes"]));
    });

    // ---- b. the fleet preflight at preview ------------------------------------------------------

    it("b. `pulumi preview` of a fleet with a single-node and a missing instance fails naming BOTH in one message, with no write call; a good fleet's preview prints the plan in `order`", async () => {
        const good1 = instance();
        const single = instance({ cacheMode: "single" });
        const missing = instance({ exists: false });
        const good2 = instance();
        const ids = [good1, single, missing, good2];
        await newStack("preflight", [{ name: "bad", instanceIds: ids }]);
        let before = sim.counters();
        let mark = log.length;
        const preview = timed("preview (bad fleet)", await cli.run(["preview", "--non-interactive", "--color", "never", "-s", "preflight"], "fail"));
        expect(writeCalls(delta(before)), "write calls of the failed preview").to.deep.equal(NO_WRITES);
        for (const id of ids) expect(writesOn(id, mark), `write requests on ${id}`).to.deep.equal(NO_WRITES);
        const line = preview.output.split("\n").find((l) => l.includes("2 of 4 instances cannot be switched over"));
        expect(line, `one 'k of N instances cannot be switched over' message; diagnostics:\n${diagnostics(preview)}`).to.be.a("string");
        expect(line, "the failure is on property instanceIds").to.match(/property instanceIds value .* has a problem: 2 of 4 instances/);
        // Pulumi echoes the property's value (every id) first; the provider's own message follows.
        const message = line!.slice(line!.indexOf("2 of 4 instances"));
        expect(message).to.include(`2 of 4 instances cannot be switched over (${single}, ${missing}): `);
        expect(message).to.include(`instance ${single} is a "single" instance`);
        expect(message).to.include(`instance ${missing} was not found`);
        expect(message, "a good instance named as bad").to.not.include(good1).and.not.include(good2);
        expect(ids.map(acceptedOn)).to.deep.equal([0, 0, 0, 0]);

        const a = instance();
        const b = instance();
        const c = instance();
        await newStack("plan", [{ name: "planned", instanceIds: [a, b, c], order: [c, a, b] }]);
        before = sim.counters();
        mark = log.length;
        const good = timed("preview (good fleet)", await cli.preview("plan"));
        expect(writeCalls(delta(before)), "write calls of the preview").to.deep.equal(NO_WRITES);
        expect(good.output).to.include(`rolling swap of 3 instances, one at a time, stops at the first failure: 1. ${c}, 2. ${a}, 3. ${b}`);
        expect(good.output).to.match(/\+\s+pulumi-nodejs:dynamic\/dcs:FleetPreflight planned-preflight create/);
        for (const id of [a, b, c]) {
            expect(good.output).to.match(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/dcs:MasterStandbySwap planned-${id} create`));
            expect(Object.keys(requestsOn(log, id, mark)), `requests about ${id} during preview`).to.deep.equal(["showInstance"]);
        }
        expect([a, b, c].map(acceptedOn)).to.deep.equal([0, 0, 0]);
    });

    // ---- c. continueOnFailure, two at a time ----------------------------------------------------

    it("c. maxParallel 2 + continueOnFailure: one failing swap among 4, every other instance swapped once, up fails listing the failed one, nothing not started", async function () {
        this.timeout(240_000);
        const reason = "standby node is not in sync; switchover aborted";
        const ids = [instance(), instance(), instance(), instance()];
        sim.setInstance(ids[1], { failReason: reason });
        const others = [ids[0], ids[2], ids[3]];
        await newStack("parallel", [{ name: "pair", instanceIds: ids, maxParallel: 2, continueOnFailure: true }]);
        const mark = log.length;
        const up = timed("up (maxParallel 2, continueOnFailure)", await cli.up("parallel", "fail"));
        expect(up.code).to.not.equal(0);
        const summary = up.output.split("\n").find((line) => line.includes("rolling swap pair: 3 of 4 swapped"));
        expect(summary, `one line: 'rolling swap pair: 3 of 4 swapped; failed: …'; diagnostics:\n${diagnostics(up)}`).to.be.a("string");
        expect(summary).to.include(`failed: ${ids[1]} (${reason})`);
        expect(summary).to.not.include("not started");

        expect(ids.map(swapsOn), "swaps that took effect").to.deep.equal([1, 0, 1, 1]);
        expect(ids.map(acceptedOn), "swaps accepted").to.deep.equal([1, 1, 1, 1]);
        for (const id of ids) expect(writesOn(id, mark), `write requests on ${id}`).to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        // Two at a time: the 2nd swap was sent while the 1st job ran; the 3rd waited for the 1st swap.
        const [j1, j2, j3, j4] = ids.map((id) => jobsOn(id)[0]);
        expect(j2.createdAt, "2nd swap sent before the 1st job ended").to.be.below(j1.endsAt);
        expect(j3.createdAt, "3rd swap sent after the 1st job ended").to.be.at.least(j1.endsAt);
        expect(j4.createdAt, "4th swap sent after the 2nd job ended").to.be.at.least(j2.endsAt);

        const { deployment } = await cli.exportStack("parallel");
        const result = resource(deployment, "pair-result");
        expect(result?.outputs?.swapped).to.deep.equal(others);
        expect(result?.outputs?.failed).to.deep.equal([{ instanceId: ids[1], reason }]);
        expect(result?.outputs?.notStarted).to.deep.equal([]);
        expect(resource(deployment, `pair-${ids[1]}`)?.outputs).to.deep.include({ status: "FAIL", failReason: reason });
        for (const id of others) expect(resource(deployment, `pair-${id}`)?.outputs?.status, `swap of ${id}`).to.equal("SUCCESS");
    });
    it("d. two rolling swaps in one stack: the first one's FAIL does not halt the second (continueOnFailure), whose every swap runs and whose result is recorded", async function () {
        this.timeout(240_000);
        const reason = "standby node is not in sync; switchover aborted";
        const bad = instance({ failReason: reason, jobDurationMs: 800 });
        const slow = [instance({ jobDurationMs: 4000 }), instance({ jobDurationMs: 4000 }), instance({ jobDurationMs: 4000 })];
        await newStack("two-rollouts", [
            { name: "first", instanceIds: [bad] },
            { name: "second", instanceIds: slow, continueOnFailure: true },
        ]);
        // --continue-on-error: after the first rollout's FAIL the engine starts no new step of its own, and on a
        // loaded machine that FAIL can come before the second's result resource is registered; our stop rule is what is tested.
        const up = timed("up (two rollouts, the first FAILs)", await cli.up("two-rollouts", "fail", ["--continue-on-error"]));
        expect(up.code, "the first rollout's result fails the deployment").to.not.equal(0);
        expect(slow.map(swapsOn), `every swap of the second rollout ran; diagnostics:\n${diagnostics(up)}`).to.deep.equal([1, 1, 1]);
        const { deployment } = await cli.exportStack("two-rollouts");
        expect(resource(deployment, "second-result")?.outputs?.swapped, "the second rollout's result is recorded").to.deep.equal(slow);
        expect(resource(deployment, "first-result")?.outputs?.failed).to.deep.equal([{ instanceId: bad, reason }]);
    });
});
