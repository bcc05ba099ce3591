import { expect } from "chai";
import { DcsBackgroundTask } from "../dcs";
import { lastSuccessDuration } from "./intent";

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
