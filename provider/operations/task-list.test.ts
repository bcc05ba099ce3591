import { expect } from "chai";
import { DcsBackgroundTask, DcsTaskPage, TASK_PAGE_SIZE } from "../dcs";
import { TaskListInconclusiveError } from "./errors";
import { readAllTasks } from "./task-list";

const task = (n: number): DcsBackgroundTask => ({ id: n.toString(16).padStart(32, "0"), name: "masterStandbySwapJob", status: "SUCCESS" });

/** A lister over a fixed list that serves at most `cap` tasks a page, whatever limit is asked. */
function lister(tasks: () => DcsBackgroundTask[], cap = 1000) {
    const calls: { offset: number; limit: number }[] = [];
    return {
        calls,
        async listBackgroundTaskPage(_id: string, page: { offset: number; limit: number }): Promise<DcsTaskPage> {
            calls.push(page);
            const all = tasks();
            return { tasks: all.slice(page.offset, page.offset + Math.min(page.limit, cap)), total: all.length };
        },
    };
}

describe("readAllTasks", () => {
    it("asks for pages of TASK_PAGE_SIZE (500) and reads every page, even when the server serves fewer", async () => {
        const all = Array.from({ length: 25 }, (_, i) => task(i));
        const l = lister(() => all, 10);
        expect((await readAllTasks(l, "i")).map((t) => t.id)).to.deep.equal(all.map((t) => t.id));
        expect(l.calls.map((c) => c.offset)).to.deep.equal([0, 10, 20]);
        expect(l.calls.every((c) => c.limit === TASK_PAGE_SIZE)).to.equal(true);
        expect(TASK_PAGE_SIZE).to.equal(500);
    });

    it("starts over when task_count moves between pages, so a task inserted meanwhile is not missed", async () => {
        const all = Array.from({ length: 12 }, (_, i) => task(i));
        let reads = 0;
        const l = lister(() => {
            reads++;
            if (reads === 2) all.unshift(task(99)); // newest first: everything shifts by one
            return all;
        }, 10);
        const ids = (await readAllTasks(l, "i")).map((t) => t.id);
        expect(ids).to.include(task(99).id);
        expect(ids).to.have.length(13);
    });

    it("gives up as inconclusive when the list never holds still", async () => {
        let n = 20;
        const l = lister(() => Array.from({ length: ++n }, (_, i) => task(i)), 10);
        const err = await readAllTasks(l, "i").catch((e) => e);
        expect(err).to.be.instanceOf(TaskListInconclusiveError);
    });
});
