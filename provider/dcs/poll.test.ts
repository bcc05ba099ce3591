import { expect } from "chai";
import { DcsAbortedError } from "./errors";
import { PollStep, poll } from "./poll";
import { Clock } from "./sleep";

/** Virtual time that moves by sleeps (and by `lookTakes` per look); records each wait and each look's time. */
function harness(lookTakes = 0) {
    let now = 0;
    const waits: number[] = [];
    const looks: number[] = [];
    const clock: Clock = {
        now: () => now,
        sleep: async (ms, signal) => {
            if (signal?.aborted) throw DcsAbortedError.bySignal("waiting", signal);
            waits.push(ms);
            now += ms;
        },
    };
    /** A look that answers `steps` in turn (the last one again once they run out). */
    const look =
        <T>(steps: PollStep<T, string>[]) =>
        async (n: number): Promise<PollStep<T, string>> => {
            looks.push(now);
            now += lookTakes;
            return steps[Math.min(n, steps.length - 1)];
        };
    return { clock, waits, looks, look };
}

const retry = (seen?: string, delayMs?: number): PollStep<string, string> => ({ state: "retry", seen, delayMs });

describe("poll: the one polling loop", () => {
    it("waits as scheduled, then resolves with the first look that says done", async () => {
        const h = harness();
        const result = await poll(h.look([retry(), retry(), { state: "done", value: "ready" }]), {
            clock: h.clock,
            deadline: 60_000,
            delayMs: (n) => 1000 * (n + 1),
        });
        expect(result).to.deep.equal({ state: "done", value: "ready", looks: 3 });
        expect(h.waits).to.deep.equal([1000, 2000, 3000]);
    });

    it("waits what a look names instead of the schedule, for the next wait only", async () => {
        const h = harness();
        await poll(h.look([retry(undefined, 250), retry(), { state: "done", value: "x" }]), { clock: h.clock, deadline: 60_000, delayMs: () => 1000 });
        expect(h.waits).to.deep.equal([1000, 250, 1000]);
    });

    it("cuts the wait that would pass the deadline, takes a last look at it, and times out with what that look saw", async () => {
        const h = harness();
        const lasts: boolean[] = [];
        const look = h.look([retry("busy"), retry("still busy")]);
        const result = await poll(
            async (n, last) => {
                lasts.push(last);
                return look(n);
            },
            { clock: h.clock, deadline: 2500, delayMs: () => 1000 },
        );
        expect(result).to.deep.equal({ state: "timeout", looks: 3, seen: "still busy" });
        expect(h.waits).to.deep.equal([1000, 1000, 500]);
        expect(lasts).to.deep.equal([false, false, true]);
    });

    it("keeps a margin before the deadline for the last look", async () => {
        const h = harness();
        await poll(h.look([retry()]), { clock: h.clock, deadline: 10_000, lastLookMarginMs: 1500, delayMs: () => 4000 });
        expect(h.looks).to.deep.equal([4000, 8000, 8500]);
    });

    it("still takes one look when the deadline has already passed, and does not wait for it", async () => {
        const h = harness();
        const result = await poll(h.look([retry("seen")]), { clock: h.clock, deadline: -1, delayMs: () => 1000 });
        expect(result).to.deep.equal({ state: "timeout", looks: 1, seen: "seen" });
        expect(h.waits).to.deep.equal([]);
    });

    it("stops after a look that itself ended past the deadline, without another", async () => {
        const h = harness(3000);
        const result = await poll(h.look([retry()]), { clock: h.clock, deadline: 5000, delayMs: () => 1000 });
        expect(result.state).to.equal("timeout");
        expect(h.looks).to.deep.equal([1000, 5000]);
    });

    it("ends with the error a look throws, and with DcsAbortedError when the signal fires during a wait", async () => {
        const h = harness();
        const failed = await poll(
            async () => {
                throw new Error("fatal status");
            },
            { clock: h.clock, deadline: 10_000, delayMs: () => 10 },
        ).catch((e) => e);
        expect(failed).to.be.instanceOf(Error).and.have.property("message", "fatal status");
        const controller = new AbortController();
        const aborted = await poll(
            async () => {
                controller.abort();
                return retry();
            },
            { clock: h.clock, deadline: 10_000, signal: controller.signal, delayMs: () => 10 },
        ).catch((e) => e);
        expect(aborted).to.be.instanceOf(DcsAbortedError).and.include({ reason: "signal" });
    });
});
