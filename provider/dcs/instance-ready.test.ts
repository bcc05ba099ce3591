import { expect } from "chai";
import { VirtualClock } from "../../test/support/virtual-clock";
import { DcsInstanceStateError } from "./errors";
import { waitForInstanceReady } from "./instance-ready";
import { DcsInstance } from "./models";

function reads(...states: Array<Partial<DcsInstance>>): { show: () => Promise<DcsInstance>; count: () => number } {
    let n = 0;
    return {
        show: async () => ({ instanceId: "i", status: "RUNNING", ...states[Math.min(n++, states.length - 1)] }),
        count: () => n,
    };
}

describe("dcs/instance-ready", () => {
    it("with consecutive: 2, a ready read between busy ones does not count", async () => {
        const clock = new VirtualClock();
        const r = reads({ task: "SWAPPING" }, {}, { task: "SWAPPING" }, {}, {});
        await waitForInstanceReady(r.show, { clock, deadline: clock.now() + 60_000, consecutive: 2 });
        expect(r.count()).to.equal(5);
    });

    it("a first look at once (firstDelayMs 0) is confirmed 1 s later, and a busy instance is polled from 1 s, never in a busy loop", async () => {
        const clock = new VirtualClock();
        const quick = reads({}, {});
        await waitForInstanceReady(quick.show, { clock, deadline: clock.now() + 60_000, firstDelayMs: 0, consecutive: 2 });
        expect(clock.sleeps).to.deep.equal([1000]);
        const busyClock = new VirtualClock();
        const busy = reads({ task: "X" }, { task: "X" }, {}, {});
        await waitForInstanceReady(busy.show, { clock: busyClock, deadline: busyClock.now() + 60_000, firstDelayMs: 0, consecutive: 2 });
        expect(busyClock.sleeps).to.deep.equal([1000, 2000, 1000]);
    });

    it("by default one ready read is enough", async () => {
        const clock = new VirtualClock();
        const r = reads({ status: "RESTARTING" }, {});
        await waitForInstanceReady(r.show, { clock, deadline: clock.now() + 60_000 });
        expect(r.count()).to.equal(2);
        expect(clock.sleeps).to.deep.equal([2000, 4000]);
    });

    it("a fatal status ends the wait with the status as a field", async () => {
        const clock = new VirtualClock();
        const error = await waitForInstanceReady(reads({ status: "FROZEN" }).show, { clock, deadline: clock.now() + 60_000 }).catch((e) => e);
        expect(error).to.be.instanceOf(DcsInstanceStateError).and.include({ status: "FROZEN", instanceId: "i" });
    });
});
