import { expect } from "chai";
import { seededRandom } from "../../test/support/seeded-random";
import { VirtualClock } from "../../test/support/virtual-clock";
import { BUDGET_CUT_FACTOR, BUDGET_CUT_INTERVAL_MS, BUDGET_MIN_RATE, BUDGET_RECOVERY_PER_ANSWER } from "./defaults";
import { DcsAbortedError, DcsConfigError, DcsError } from "./errors";
import { RequestBudget, RequestPriority } from "./request-budget";

/**
 * The virtual clock, with two changes for a queue that is pumped in the background:
 * - a sleep advances time only after the current macrotask (`setImmediate`), like a timer, so a
 *   grant's `.then` runs at the virtual time it was granted, before the pump's next sleep moves the
 *   clock on (the plain `VirtualClock` advances time synchronously when the sleep starts);
 * - the pump loops until the clock has advanced far enough, so a stall fails the test instead of
 *   spinning forever. `timerLike` rounds every sleep up to a whole millisecond, as `setTimeout` does:
 *   with a rate whose token interval is not a whole number of ms, an exact fractional sleep at
 *   epoch-ms magnitude can leave the bucket a rounding error short of a token, and a clock that
 *   cannot advance by that error would never let the pump finish.
 */
class GuardedClock extends VirtualClock {
    constructor(private readonly timerLike = false) {
        super();
    }

    override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
        if (this.sleeps.length > 10_000) throw new Error("the budget's pump keeps sleeping without progress");
        await new Promise((resolve) => setImmediate(resolve));
        return super.sleep(this.timerLike ? Math.ceil(ms) : ms, signal);
    }
}

/**
 * Fires `acquire` calls without awaiting them and records, per label, the virtual time (relative to
 * the start) at which each was granted, in grant order.
 */
function recorder(budget: RequestBudget, clock: GuardedClock) {
    const start = clock.now();
    const grants: Array<{ label: string; at: number }> = [];
    const pending: Promise<unknown>[] = [];
    return {
        grants,
        order: () => grants.map((g) => g.label),
        times: () => grants.map((g) => g.at),
        acquire(label: string, priority?: RequestPriority, signal?: AbortSignal): Promise<void> {
            const p = budget.acquire(signal, priority).then(() => void grants.push({ label, at: clock.now() - start }));
            pending.push(p.catch(() => undefined));
            return p;
        },
        settled: () => Promise.all(pending),
    };
}

/** A bad constructor argument is refused with a `DcsConfigError` naming it (when `field` is given). */
function expectBadArgument(build: () => unknown, field?: string): void {
    let thrown: unknown;
    try {
        build();
    } catch (error) {
        thrown = error;
    }
    expect(thrown, "construction should throw").to.be.instanceOf(DcsError);
    expect(thrown).to.be.instanceOf(DcsConfigError);
    if (field !== undefined) expect(thrown).to.have.property("field", field);
}

describe("dcs/request-budget RequestBudget", () => {
    describe("construction", () => {
        for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "5" as unknown as number, undefined as unknown as number]) {
            it(`refuses ratePerSecond ${String(rate)} (${typeof rate})`, () => {
                expectBadArgument(() => new RequestBudget(rate, 1, new GuardedClock()), "ratePerSecond");
            });
        }

        it("refuses a burst that can never hold one token", () => {
            for (const burst of [0, 0.5, -1, Number.NaN]) expectBadArgument(() => new RequestBudget(10, burst, new GuardedClock()));
        });

        it("starts with the full rate", () => {
            expect(new RequestBudget(7, 3, new GuardedClock()).currentRate).to.equal(7);
        });

        it("defaults burst to the whole requests per second", async () => {
            const clock = new GuardedClock(true);
            const r = recorder(new RequestBudget(4.7, undefined, clock), clock);
            for (let n = 0; n < 5; n++) void r.acquire(`r${n}`);
            await r.settled();
            expect(r.times().slice(0, 4)).to.deep.equal([0, 0, 0, 0]);
            expect(r.times()[4]).to.be.closeTo(1000 / 4.7, 1);
        });

        it("defaults burst to at least one for a rate below 1/s", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(0.5, undefined, clock);
            await budget.acquire();
            expect(clock.sleeps).to.deep.equal([]);
            await budget.acquire();
            expect(clock.sleeps.reduce((a, b) => a + b, 0)).to.be.closeTo(2000, 1e-6);
        });
    });

    describe("rate limiting on the virtual clock", () => {
        it("grants the burst at once without sleeping", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 3, clock);
            for (let n = 0; n < 3; n++) await budget.acquire();
            expect(clock.sleeps).to.deep.equal([]);
        });

        it("spaces requests after the burst by 1/rate", async () => {
            const clock = new GuardedClock();
            const r = recorder(new RequestBudget(5, 2, clock), clock);
            for (let n = 0; n < 6; n++) void r.acquire(`r${n}`);
            await r.settled();
            expect(r.times()).to.deep.equal([0, 0, 200, 400, 600, 800]);
        });

        it("serves N requests in (N - burst) / rate seconds", async () => {
            const clock = new GuardedClock();
            const r = recorder(new RequestBudget(20, 5, clock), clock);
            for (let n = 0; n < 105; n++) void r.acquire(`r${n}`);
            await r.settled();
            expect(r.grants).to.have.length(105);
            expect(r.times()[104]).to.be.closeTo(5000, 1e-6);
        });

        it("refills while idle, but never beyond the burst", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 2, clock);
            await budget.acquire();
            await budget.acquire();
            clock.advance(60_000);
            const r = recorder(budget, clock);
            for (let n = 0; n < 3; n++) void r.acquire(`r${n}`);
            await r.settled();
            expect(r.times()).to.deep.equal([0, 0, 100]);
        });

        it("a partly refilled bucket waits only for the missing fraction of a token", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            await budget.acquire();
            clock.advance(40);
            await budget.acquire();
            expect(clock.sleeps).to.have.length(1);
            expect(clock.sleeps[0]).to.be.closeTo(60, 1e-6);
        });

        for (const seed of [1, 2, 3, 42, 1234]) {
            it(`never grants more than burst + rate·T in any window T (seed ${seed})`, async () => {
                const random = seededRandom(seed);
                const clock = new GuardedClock(true);
                const rate = 1 + Math.floor(random() * 20);
                const burst = 1 + Math.floor(random() * 5);
                const budget = new RequestBudget(rate, burst, clock);
                const r = recorder(budget, clock);
                for (let step = 0; step < 80; step++) {
                    if (random() < 0.3) {
                        // Let every grant due at the current time be recorded before time jumps.
                        await new Promise((resolve) => setImmediate(resolve));
                        clock.advance(Math.floor(random() * 1500));
                    } else {
                        void r.acquire(`r${step}`, random() < 0.3 ? "trigger" : "poll");
                        await Promise.resolve();
                    }
                }
                await r.settled();
                expect(clock.sleeps.length, "some requests should have queued").to.be.greaterThan(0);
                const times = r
                    .times()
                    .slice()
                    .sort((a, b) => a - b);
                for (let i = 0; i < times.length; i++) {
                    for (let j = i; j < times.length; j++) {
                        const granted = j - i + 1;
                        expect(granted, `window [${times[i]}, ${times[j]}]`).to.be.at.most(burst + (rate * (times[j] - times[i])) / 1000 + 1e-6);
                    }
                }
            });
        }
    });

    describe("priorities and ordering", () => {
        it("serves queued triggers before queued polls", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            void r.acquire("poll-1", "poll");
            void r.acquire("poll-2", "poll");
            void r.acquire("trigger", "trigger");
            await r.settled();
            expect(r.order()).to.deep.equal(["trigger", "poll-1", "poll-2"]);
        });

        it("the default priority is poll", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            void r.acquire("default");
            void r.acquire("trigger", "trigger");
            await r.settled();
            expect(r.order()).to.deep.equal(["trigger", "default"]);
        });

        it("serves each priority in arrival order", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            for (const [label, priority] of [
                ["p1", "poll"],
                ["t1", "trigger"],
                ["p2", "poll"],
                ["t2", "trigger"],
                ["p3", "poll"],
                ["t3", "trigger"],
            ] as const) {
                void r.acquire(label, priority);
            }
            await r.settled();
            expect(r.order()).to.deep.equal(["t1", "t2", "t3", "p1", "p2", "p3"]);
        });

        it("a newcomer never overtakes a queued waiter, even when a token has accrued", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(1, 2, clock);
            await budget.acquire();
            await budget.acquire();
            const r = recorder(budget, clock);
            void r.acquire("queued");
            clock.advance(5000);
            void r.acquire("newcomer");
            await r.settled();
            expect(r.order()).to.deep.equal(["queued", "newcomer"]);
        });
    });

    describe("abort", () => {
        it("rejects at once for an already aborted signal, without taking a token", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            const controller = new AbortController();
            controller.abort();
            const error = await budget.acquire(controller.signal).catch((e: unknown) => e);
            expect(error).to.be.instanceOf(DcsAbortedError).with.property("reason", "signal");
            await budget.acquire();
            expect(clock.sleeps).to.deep.equal([]);
        });

        it("rejects a queued waiter with DcsAbortedError when its signal aborts", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(1, 1, clock);
            await budget.acquire();
            const controller = new AbortController();
            const waiting = budget.acquire(controller.signal).catch((e: unknown) => e);
            controller.abort();
            expect(await waiting)
                .to.be.instanceOf(DcsAbortedError)
                .with.property("reason", "signal");
        });

        it("an aborted waiter leaves the queue: the ones behind it keep their order and take no longer", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(1, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            const controller = new AbortController();
            void r.acquire("first");
            const aborted = r.acquire("aborted", "poll", controller.signal).catch((e: unknown) => e);
            void r.acquire("last");
            controller.abort();
            expect(await aborted).to.be.instanceOf(DcsAbortedError);
            await r.settled();
            expect(r.order()).to.deep.equal(["first", "last"]);
            expect(r.times()).to.deep.equal([1000, 2000]);
        });

        it("an aborted trigger leaves the trigger queue", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(1, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            const controller = new AbortController();
            void r.acquire("poll", "poll");
            const aborted = r.acquire("trigger", "trigger", controller.signal).catch((e: unknown) => e);
            controller.abort();
            expect(await aborted).to.be.instanceOf(DcsAbortedError);
            await r.settled();
            expect(r.grants).to.deep.equal([{ label: "poll", at: 1000 }]);
        });

        it("an abort after the grant changes nothing for the others", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(1, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            const controller = new AbortController();
            void r.acquire("granted", "poll", controller.signal).then(() => controller.abort());
            void r.acquire("second");
            void r.acquire("third");
            await r.settled();
            expect(r.order()).to.deep.equal(["granted", "second", "third"]);
        });
    });

    describe("throttling (429) and recovery", () => {
        it("holds every holder back for the pause", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 5, clock);
            const start = clock.now();
            budget.throttled(3000);
            await budget.acquire(undefined, "trigger");
            expect(clock.now() - start).to.be.at.least(3000);
        });

        it("never shrinks a longer pause", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 5, clock);
            const start = clock.now();
            budget.throttled(5000);
            budget.throttled(1000);
            await budget.acquire();
            expect(clock.now() - start).to.be.at.least(5000);
        });

        it("queued waiters wait out a pause that starts while they queue", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            await budget.acquire();
            const r = recorder(budget, clock);
            void r.acquire("queued");
            budget.throttled(2000);
            await r.settled();
            expect(r.times()[0]).to.be.at.least(2000);
        });

        it("cuts the rate by BUDGET_CUT_FACTOR at most once per BUDGET_CUT_INTERVAL_MS", () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(20, 20, clock);
            budget.throttled(100);
            budget.throttled(100);
            expect(budget.currentRate).to.be.closeTo(20 * BUDGET_CUT_FACTOR, 1e-9);
            clock.advance(BUDGET_CUT_INTERVAL_MS - 1);
            budget.throttled(100);
            expect(budget.currentRate).to.be.closeTo(20 * BUDGET_CUT_FACTOR, 1e-9);
            clock.advance(1);
            budget.throttled(100);
            expect(budget.currentRate).to.be.closeTo(20 * BUDGET_CUT_FACTOR * BUDGET_CUT_FACTOR, 1e-9);
        });

        it("never cuts the rate below BUDGET_MIN_RATE", () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(BUDGET_MIN_RATE * 2, 2, clock);
            for (let n = 0; n < 20; n++) {
                budget.throttled(0);
                clock.advance(BUDGET_CUT_INTERVAL_MS);
            }
            expect(budget.currentRate).to.equal(BUDGET_MIN_RATE);
        });

        it("a 429 never raises the rate above ratePerSecond", () => {
            const budget = new RequestBudget(BUDGET_MIN_RATE / 2, 1, new GuardedClock());
            budget.throttled(1000);
            expect(budget.currentRate).to.be.at.most(BUDGET_MIN_RATE / 2);
        });

        it("a cut rate spaces requests further apart", async () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(10, 1, clock);
            budget.throttled(0);
            await budget.acquire();
            const before = clock.now();
            await budget.acquire();
            expect(clock.now() - before).to.be.closeTo(1000 / (10 * BUDGET_CUT_FACTOR), 0.01);
        });

        it("answered requests win the rate back, up to ratePerSecond and no further", () => {
            const clock = new GuardedClock();
            const budget = new RequestBudget(20, 20, clock);
            budget.throttled(0);
            budget.succeeded();
            expect(budget.currentRate).to.be.closeTo(20 * BUDGET_CUT_FACTOR + BUDGET_RECOVERY_PER_ANSWER, 1e-9);
            for (let n = 0; n < Math.ceil(20 / BUDGET_RECOVERY_PER_ANSWER); n++) budget.succeeded();
            expect(budget.currentRate).to.equal(20);
        });

        it("succeeded() at full rate changes nothing", () => {
            const budget = new RequestBudget(20, 20, new GuardedClock());
            budget.succeeded();
            expect(budget.currentRate).to.equal(20);
        });
    });
});
