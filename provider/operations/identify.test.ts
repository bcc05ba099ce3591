import { expect } from "chai";
import { DcsBackgroundTask } from "../dcs";
import { foreignRunning, pickAdoptable, taskAsJob, taskJobStatus, unaccountedTasks } from "./identify";

const t = (id: string, status: string, createdAt = 0, name = "masterStandbySwapJob"): DcsBackgroundTask => ({ id, name, status, createdAt });

describe("identification", () => {
    it("counts as ours only tasks of the name, outside the baseline, that did not fail", () => {
        const tasks = [t("old", "SUCCESS"), t("failed", "FAILED"), t("other", "EXECUTING", 0, "EXTEND"), t("new", "CREATED")];
        expect(unaccountedTasks(tasks, "masterStandbySwapJob", new Set(["old"])).map((x) => x.id)).to.deep.equal(["new"]);
    });

    it("treats every status it does not know as still running, never as ended", () => {
        for (const status of ["CREATED", "WAITING", "EXECUTING", "QUEUED", ""]) expect(["SUCCESS", "FAIL"]).to.not.include(taskJobStatus(status));
        expect(taskJobStatus("FAILED")).to.equal("FAIL");
        expect(taskJobStatus("SUCCESS")).to.equal("SUCCESS");
    });

    it("adopts a running task before a finished one, then the newest", () => {
        expect(pickAdoptable([t("done", "SUCCESS", 3), t("running", "EXECUTING", 1)])?.id).to.equal("running");
        expect(pickAdoptable([t("a", "SUCCESS", 1), t("b", "SUCCESS", 2)])?.id).to.equal("b");
    });

    it("calls a running task from the baseline someone else's", () => {
        expect(foreignRunning([t("x", "EXECUTING")], "masterStandbySwapJob", new Set(["x"]))?.id).to.equal("x");
        expect(foreignRunning([t("x", "SUCCESS")], "masterStandbySwapJob", new Set(["x"]))).to.equal(undefined);
    });

    it("presents a task without job_id as a job named by the task id", () => {
        expect(taskAsJob({ ...t("abc", "FAILED", 5), updatedAt: 9, errorCode: "DCS.5094" })).to.include({
            jobId: "abc",
            status: "FAIL",
            endTime: 9,
            failReason: "background task failed with DCS.5094",
        });
    });
});
