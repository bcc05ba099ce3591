import { expect } from "chai";
import { randomUUID } from "crypto";
import { DcsClient } from "../provider";
import { LAST_LOOK_MARGIN_MS } from "../provider/jobs";
import * as runtime from "../provider/resources/runtime";
import { ResourceInitError } from "../provider/resources/runtime";
import { swapInputs, useRuntimeHarness } from "./support/runtime-harness";

type Outs = Record<string, unknown>;

/**
 * Issue 20 at the runtime level, against the simulator: a swap made by hand recorded with
 * `adoptSwap` (nothing sent), refresh following the master after a swap made outside Pulumi, and
 * a timeout that says how to resume.
 */
describe("provider runtime: swaps made outside Pulumi, refresh, and the way on after a timeout", function () {
    this.timeout(60_000);
    // Virtual time: the runtime and the simulator share a fresh clock per test, and the test waits on it too.
    const h = useRuntimeHarness({ virtualTime: true });
    const sends = () => (h.sim.counters().requests.asyncSwap ?? 0) + (h.sim.counters().requests.syncSwap ?? 0);
    const swaps = (id: string) => h.sim.instance(id)?.swapCount ?? 0;
    const master = (id: string) => h.sim.instance(id)?.master;
    const sleep = (ms: number) => h.sleep(ms);

    /** The intent the class registers first (with `afterTheFact` where it does for `adoptSwap`), then the swap's create. */
    async function createSwap(instanceId: string, extra: Outs = {}): Promise<{ id: string; outs: Outs }> {
        const intent = await runtime.create("OperationIntent", {
            forKind: "MasterStandbySwap",
            instanceId,
            taskName: "masterStandbySwapJob",
            owner: "proj/dev/swap-intent",
            ...(extra.adoptSwap === undefined ? {} : { afterTheFact: true }),
        });
        const { intentId, baselineTaskIds, baselineMaster } = intent.outs;
        return runtime.create("MasterStandbySwap", swapInputs(instanceId, { ...extra, intentId, baselineTaskIds, baselineMaster }));
    }

    async function ended(id: string): Promise<void> {
        for (let i = 0; i < 200 && h.sim.jobs().some((j) => j.instanceId === id && j.status !== "SUCCESS" && j.status !== "FAIL"); i++) await sleep(50);
    }

    it("adoptSwap records a finished swap made by hand (async job id, or sync task id): SUCCESS under that job, nothing sent", async () => {
        const asyncId = randomUUID();
        const job = h.sim.operatorSwap(asyncId);
        await ended(asyncId);
        const before = sends();
        const { id, outs } = await createSwap(asyncId, { adoptSwap: job.jobId });
        expect(id).to.equal(job.jobId);
        expect(outs).to.include({ status: "SUCCESS", jobId: job.jobId, apiUsed: "async" });
        expect(outs.masterChanged, "a master read after the swap is no evidence against it").to.not.equal(false);
        expect(outs.__intentId, "the resource takes its own intent once decided").to.match(/^[0-9a-f]{32}$/);

        h.sim.setBehaviour({ syncSwapListsTask: true });
        const syncId = randomUUID();
        h.sim.operatorSwap(syncId, { api: "sync" });
        await ended(syncId);
        let task: string | undefined;
        for (let i = 0; i < 50 && !task; i++) [task] = await listSwapTasks(syncId).then(async (ids) => (ids.length ? ids : (await sleep(100), [])));
        expect(task, "DCS lists the operator's sync swap").to.be.a("string");
        const adopted = await createSwap(syncId, { adoptSwap: task });
        expect(adopted.outs).to.include({ status: "SUCCESS", taskId: task, apiUsed: "sync" });
        expect(sends() - before, "swaps sent").to.equal(0);
        expect([swaps(asyncId), swaps(syncId)]).to.deep.equal([1, 1]);
    });

    it("adoptSwap of a swap still running waits for it (its intent is no conflict) and sends nothing", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 3000 });
        const job = h.sim.operatorSwap(id);
        const before = sends();
        const { outs } = await createSwap(id, { adoptSwap: job.jobId });
        expect(outs).to.include({ status: "SUCCESS", jobId: job.jobId });
        expect(h.elapsed(), "virtual ms: the create waited for the 3 s job").to.be.at.least(3000);
        expect(sends() - before).to.equal(0);
        expect(swaps(id)).to.equal(1);
    });

    it("adoptSwap of a swap not listed on the instance fails naming adoptSwap and what is listed; nothing recorded or sent", async () => {
        const id = randomUUID();
        const other = randomUUID();
        const job = h.sim.operatorSwap(other); // a real swap, but on another instance
        await ended(other);
        const before = sends();
        const error = await createSwap(id, { adoptSwap: job.jobId }).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error, "the create fails").to.be.instanceOf(Error);
        expect(error).to.not.be.instanceOf(ResourceInitError); // no partial state: nothing to resume
        expect(error!.message).to.contain("adoptSwap").and.contain(`no switchover ${job.jobId} is listed for instance ${id}`);
        expect(sends() - before).to.equal(0);
        expect(swaps(id)).to.equal(0);
    });

    it("adoptSwap is validated at check, naming the property", async () => {
        const { failures } = await runtime.check("MasterStandbySwap", {}, swapInputs(randomUUID(), { adoptSwap: "not an id" }));
        expect(failures.map((f) => f.property)).to.deep.equal(["adoptSwap"]);
        expect(failures[0].reason).to.contain("must be a DCS job or task id");
    });

    it("refresh follows the master after a swap made outside Pulumi; an undecided record keeps the master it saw", async () => {
        const id = randomUUID();
        const { id: resourceId, outs } = await createSwap(id);
        expect(outs).to.include({ status: "SUCCESS", masterChanged: true });
        const swappedTo = outs.masterNode;
        h.sim.operatorSwap(id);
        await ended(id);
        const { props } = await runtime.read("MasterStandbySwap", resourceId, outs);
        expect(props.masterNode, "masterNode after refresh").to.not.equal(swappedTo);
        expect(String(props.masterNodeId), "the master DCS shows now").to.match(new RegExp(`${master(id)}$`));
        expect(String(outs.masterNodeId)).to.not.match(new RegExp(`${master(id)}$`));
        expect(props).to.include({ status: "SUCCESS", jobId: outs.jobId, masterChanged: true });

        const undecided = { ...outs, status: "RUNNING" };
        const kept = await runtime.read("MasterStandbySwap", resourceId, { ...undecided, jobId: undefined, apiUsed: "sync" });
        expect(kept.props.masterNode, "an unfinished record is evidence: refresh leaves its master").to.equal(swappedTo);
    });

    it("a timeout ends with the next step: run `pulumi up` again to resume the job, which is not sent again", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 20_000 });
        const error = await createSwap(id, { timeout: "5s" }).then(
            () => undefined,
            (e: Error & Partial<ResourceInitError>) => e,
        );
        expect(error).to.be.instanceOf(ResourceInitError);
        // The last look is taken LAST_LOOK_MARGIN_MS before the deadline.
        expect(h.elapsed(), "virtual ms: the 5 s timeout ran out, the 20 s job did not end").to.be.within(5000 - LAST_LOOK_MARGIN_MS, 20_000);
        const jobId = String(error!.properties?.jobId);
        expect(error!.message).to.contain(`Run \`pulumi up\` again to resume job ${jobId}: it is waited for, not sent again`);
    });

    async function listSwapTasks(instanceId: string): Promise<string[]> {
        const { tasks } = await new DcsClient({ env: h.sim.env }).listBackgroundTaskPage(instanceId);
        return tasks.filter((t) => t.name === "masterStandbySwapJob").map((t) => t.id);
    }
});
