import { expect } from "chai";
import { DcsApiError, DcsBackgroundTask } from "../dcs";
import { PENDING_TASK_PREFIX, backgroundTaskReader, taskAsJob } from "./task-reader";

describe("backgroundTaskReader", () => {
    const since = Date.parse("2026-11-28T10:00:00Z");
    const task = (id: string, status: string, createdAt: number, name = "masterStandbySwapJob"): DcsBackgroundTask => ({
        id,
        name,
        status,
        createdAt,
        updatedAt: createdAt + 4000,
    });

    it("maps task statuses onto job statuses, with the error code as the reason", () => {
        expect(taskAsJob(task("t", "SUCCESS", since)).status).to.equal("SUCCESS");
        expect(taskAsJob(task("t", "EXECUTING", since)).status).to.equal("RUNNING");
        const failed = taskAsJob({ ...task("t", "FAILED", since), errorCode: "DCS.5094" });
        expect(failed).to.include({ status: "FAIL", jobType: "masterStandbySwapJob", endTime: since + 4000 });
        expect(failed.failReason).to.contain("DCS.5094");
    });

    it("finds the newest matching task created since the start, or answers like a 404", async () => {
        let tasks: DcsBackgroundTask[] = [task("old", "SUCCESS", since - 5000), task("other", "RUNNING", since + 10, "EXTEND")];
        const reader = backgroundTaskReader({ listBackgroundTasks: async () => tasks }, "i", "masterStandbySwapJob", since);
        const missing = await reader.showJob(`${PENDING_TASK_PREFIX}${since}`).catch((e) => e);
        expect(missing).to.be.instanceOf(DcsApiError);
        expect(missing.errorClass).to.equal("not-found");
        tasks = [...tasks, task("mine", "RUNNING", since + 20), task("newer", "RUNNING", since + 30)];
        expect((await reader.showJob(`${PENDING_TASK_PREFIX}${since}`)).jobId).to.equal("newer");
        expect((await reader.showJob("mine")).jobId).to.equal("mine");
    });
});
