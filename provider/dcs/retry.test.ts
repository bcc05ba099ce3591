import { expect } from "chai";
import { VirtualClock } from "../../test/support/virtual-clock";
import { DcsConfigError } from "./errors";
import { RequestBudget } from "./request-budget";
import { DEFAULT_RETRY } from "./defaults";
import { backoffDelay, withRetries } from "./retry";

describe("backoffDelay", () => {
    it("is full jitter under a doubling cap", () => {
        expect(backoffDelay(0, "transient", DEFAULT_RETRY, undefined, () => 0.999)).to.be.closeTo(250, 1);
        expect(backoffDelay(3, "transient", DEFAULT_RETRY, undefined, () => 0.5)).to.equal(1000);
        expect(backoffDelay(20, "transient", DEFAULT_RETRY, undefined, () => 1)).to.equal(DEFAULT_RETRY.maxDelayMs);
        expect(backoffDelay(0, "throttled", DEFAULT_RETRY, undefined, () => 1)).to.equal(1000);
    });

    it("treats Retry-After as a floor, capped", () => {
        expect(backoffDelay(0, "throttled", DEFAULT_RETRY, 5000, () => 0)).to.equal(5000);
        expect(backoffDelay(0, "throttled", DEFAULT_RETRY, 3_600_000, () => 0)).to.equal(DEFAULT_RETRY.maxRetryAfterMs);
    });
});

describe("withRetries", () => {
    it("retries while told to, up to maxAttempts, then rethrows the last error", async () => {
        const clock = new VirtualClock();
        let calls = 0;
        const err = await withRetries(
            async () => {
                calls++;
                throw new Error(`e${calls}`);
            },
            () => ({ retry: true, errorClass: "transient" }),
            { options: DEFAULT_RETRY, clock },
        ).catch((e) => e);
        expect(calls).to.equal(DEFAULT_RETRY.maxAttempts);
        expect(err.message).to.equal(`e${DEFAULT_RETRY.maxAttempts}`);
    });

    it("stops at once when the classifier says so", async () => {
        const clock = new VirtualClock();
        let calls = 0;
        await withRetries(
            async () => {
                calls++;
                throw new Error("x");
            },
            () => ({ retry: false, errorClass: "auth" }),
            { options: DEFAULT_RETRY, clock },
        ).catch(() => undefined);
        expect(calls).to.equal(1);
        expect(clock.sleeps).to.deep.equal([]);
    });

    it("does not start a sleep that would cross the deadline", async () => {
        const clock = new VirtualClock();
        let calls = 0;
        await withRetries(
            async () => {
                calls++;
                throw new Error("x");
            },
            () => ({ retry: true, errorClass: "throttled", retryAfterMs: 10_000 }),
            { options: DEFAULT_RETRY, clock, deadline: clock.now() + 15_000 },
        ).catch(() => undefined);
        expect(calls).to.equal(2);
    });
});

describe("RequestBudget", () => {
    it("spaces requests to the rate after the burst, and a 429 holds everyone", async () => {
        const clock = new VirtualClock();
        const budget = new RequestBudget(10, 2, clock);
        const start = clock.now();
        const times: number[] = [];
        for (let n = 0; n < 5; n++) {
            await budget.acquire();
            times.push(clock.now() - start);
        }
        expect(times).to.deep.equal([0, 0, 100, 200, 300]);
        budget.throttled(2000);
        await budget.acquire();
        expect(clock.now() - start).to.be.at.least(2300);
    });

    it("cuts the rate on 429 once per second, and wins it back with answered requests", () => {
        const clock = new VirtualClock();
        const budget = new RequestBudget(20, 20, clock);
        budget.throttled(100);
        budget.throttled(100);
        expect(budget.currentRate).to.equal(14);
        clock.advance(1000);
        budget.throttled(100);
        expect(budget.currentRate).to.be.closeTo(9.8, 1e-9);
        for (let n = 0; n < 400; n++) budget.succeeded();
        expect(budget.currentRate).to.equal(20);
    });

    it("serves queued triggers before queued polls", async () => {
        const clock = new VirtualClock();
        const budget = new RequestBudget(10, 1, clock);
        await budget.acquire();
        const order: string[] = [];
        const waits = [
            budget.acquire(undefined, "poll").then(() => order.push("poll-1")),
            budget.acquire(undefined, "poll").then(() => order.push("poll-2")),
            budget.acquire(undefined, "trigger").then(() => order.push("trigger")),
        ];
        await Promise.all(waits);
        expect(order).to.deep.equal(["trigger", "poll-1", "poll-2"]);
    });

    it("drops an aborted waiter from the queue", async () => {
        const clock = new VirtualClock();
        const budget = new RequestBudget(1, 1, clock);
        await budget.acquire();
        const controller = new AbortController();
        const aborted = budget.acquire(controller.signal).catch((e) => e);
        controller.abort();
        expect((await aborted).name).to.equal("DcsAbortedError");
        await budget.acquire();
    });

    it("refuses a non-positive rate", () => {
        expect(() => new RequestBudget(0)).to.throw(DcsConfigError, /^ratePerSecond: must be a positive number/);
    });
});
