import { expect } from "chai";
import { Clock, DcsBackgroundTask, DcsInstance } from "../dcs";
import { InstanceViews } from "./instance-checks";
import { lastSuccessDuration, recordIntent } from "./intent";
import { TaskPageLister } from "./task-list";

const task = (id: string, status: string, createdAt?: number, updatedAt?: number): DcsBackgroundTask => ({
    id,
    name: "masterStandbySwapJob",
    status,
    createdAt,
    updatedAt,
});

describe("lastSuccessDuration: the previous duration an intent hands to the waiter", () => {
    it("takes the newest SUCCESS task by created_at, whatever order DCS lists them in", () => {
        const tasks = [task("a", "SUCCESS", 1_000, 9_000), task("c", "SUCCESS", 50_000, 54_500), task("b", "SUCCESS", 20_000, 26_000)];
        expect(lastSuccessDuration(tasks)).to.equal(4_500);
    });

    it("ignores failed and running tasks, and tasks without both times or with times that go backwards", () => {
        const tasks = [
            task("old", "SUCCESS", 1_000, 3_000),
            task("failed", "FAILED", 90_000, 91_000),
            task("running", "RUNNING", 95_000, 96_000),
            task("no-end", "SUCCESS", 97_000),
            task("backwards", "SUCCESS", 99_000, 98_000),
        ];
        expect(lastSuccessDuration(tasks)).to.equal(2_000);
    });

    it("is undefined when no finished swap is listed: the waiter then keeps its default schedule", () => {
        expect(lastSuccessDuration([])).to.equal(undefined);
        expect(lastSuccessDuration([task("f", "FAILED", 1, 2)])).to.equal(undefined);
    });
});

/**
 * An instance swapping from node-a to node-b until `swapEndsAt` (virtual ms), with no task listed
 * for it (a sync swap DCS does not list), or `status` for good.
 */
function swappingInstance(swapEndsAt: number, status = "RUNNING") {
    let now = 0;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const reads: string[] = [];
    const lister: TaskPageLister = { listBackgroundTaskPage: async () => (reads.push(`tasks@${now}`), { tasks: [task("old", "SUCCESS", 1, 2)], total: 1 }) };
    const views: InstanceViews = {
        show: async (instanceId): Promise<DcsInstance> => (
            reads.push(`show@${now}`),
            { instanceId, status, task: now < swapEndsAt ? "SWITCHOVER" : undefined }
        ),
        master: async () => (reads.push(`master@${now}`), { nodeId: now < swapEndsAt ? "node-a" : "node-b" }),
    };
    return { clock, lister, views, reads };
}

describe("recordIntent: the baseline a switchover starts from", () => {
    const target = { instanceId: "i-1", taskName: "masterStandbySwapJob", switchover: true };

    it("waits out a busy instance (a swap DCS does not list) before reading the master, and reads the task list again after", async () => {
        const { clock, lister, views, reads } = swappingInstance(40_000);
        const intent = await recordIntent(lister, target, { clock, instances: views, deadline: 600_000 });
        expect(intent.baselineMaster, "the master after the running swap").to.equal("node-b");
        expect(intent.baselineTaskIds).to.deep.equal(["old"]);
        expect(reads[0]).to.equal("tasks@0");
        expect(
            reads.filter((r) => r.startsWith("tasks")),
            "once before the wait, once after",
        ).to.have.length(2);
        const masterAt = Number(reads.find((r) => r.startsWith("master"))!.split("@")[1]);
        expect(masterAt).to.be.at.least(40_000);
    });

    it("reads the instance once and goes on at once when it is idle", async () => {
        const { clock, lister, views, reads } = swappingInstance(0);
        const intent = await recordIntent(lister, target, { clock, instances: views, deadline: 600_000 });
        expect(intent.baselineMaster).to.equal("node-b");
        expect(reads).to.deep.equal(["tasks@0", "show@0", "master@0"]);
    });

    it("leaves a status no wait fixes (FROZEN) to the operation itself, which reports it on the resource", async () => {
        const { clock, lister, views, reads } = swappingInstance(0, "FROZEN");
        await recordIntent(lister, target, { clock, instances: views, deadline: 600_000 });
        expect(reads.filter((r) => r.startsWith("show"))).to.have.length(1);
    });
});
