import { expect } from "chai";
import * as runtime from ".";
import { UNKNOWN } from "./unknown";

/** State as 0.1.0 wrote it: bookkeeping under plain names, unset outputs left out (they are unknown at preview). */
const OLD_STATE = {
    instanceId: "5560df16-cebf-4473-95c4-d1b573c16e79",
    triggers: "CHG-1",
    owner: "p/s/swap",
    intentId: "a".repeat(32),
    baselineTaskIds: [],
    status: "SUCCESS",
    jobId: "b".repeat(32),
    apiUsed: "sync",
    runtimeVersion: "0.1.0",
    stateVersion: 2,
};
/** What this version's class registers for the same swap. */
const NEW_INPUTS = { instanceId: OLD_STATE.instanceId, triggers: "CHG-1", __owner: "p/s/swap", __intentId: "a".repeat(32), __baselineTaskIds: [] };

describe("state layout (issue 20): hidden bookkeeping, every declared output present", () => {
    it("state written by an earlier version diffs clean against this version's inputs, even with the intent's outputs unknown", async () => {
        expect(await runtime.diff("MasterStandbySwap", "x", OLD_STATE, NEW_INPUTS)).to.deep.equal({ changes: false, replaces: [] });
        // An intent whose state predates an output: that output is unknown at every preview.
        const unknownBaseline = { ...NEW_INPUTS, __baselineMaster: UNKNOWN, __previousDurationMs: UNKNOWN };
        expect(await runtime.diff("MasterStandbySwap", "x", OLD_STATE, unknownBaseline)).to.deep.equal({ changes: false, replaces: [] });
        // A real change is still one, and a new intent comes with its triggers.
        const retriggered = { ...NEW_INPUTS, triggers: "CHG-2", __intentId: UNKNOWN, __baselineTaskIds: UNKNOWN };
        expect(await runtime.diff("MasterStandbySwap", "x", OLD_STATE, retriggered)).to.deep.equal({ changes: true, replaces: ["triggers"] });
        // A known new intent id is a change (update, no call), as before.
        expect((await runtime.diff("MasterStandbySwap", "x", OLD_STATE, { ...NEW_INPUTS, __intentId: "c".repeat(32) })).changes).to.equal(true);
    });

    it("a finished swap updated in place rewrites old state in this layout, with no call", async () => {
        const { outs } = await runtime.update("MasterStandbySwap", "x", OLD_STATE, { ...NEW_INPUTS, timeout: "1h", __baselineMaster: null });
        expect(outs).to.include({
            status: "SUCCESS",
            jobId: OLD_STATE.jobId,
            timeout: "1h",
            __intentId: OLD_STATE.intentId,
            __owner: "p/s/swap",
            __stateVersion: 3,
        });
        for (const key of ["owner", "intentId", "baselineTaskIds", "stateVersion"]) expect(outs, key).not.to.have.property(key);
        // Declared outputs the swap never had are present, unset.
        for (const key of ["masterNode", "masterAz", "masterChanged", "failReason", "notStartedBecause", "api", "pollPolicy"])
            expect(outs).to.have.property(key, null);
        expect(await runtime.diff("MasterStandbySwap", "x", outs, { ...NEW_INPUTS, timeout: "1h" })).to.deep.equal({ changes: false, replaces: [] });
    });

    it("refresh of an old intent fills its unset outputs, so they are known at the next preview", async () => {
        const old = {
            forKind: "MasterStandbySwap",
            instanceId: OLD_STATE.instanceId,
            taskName: "masterStandbySwapJob",
            owner: "p/s/swap-intent",
            intentId: "a".repeat(32),
            baselineTaskIds: [],
            __provider: "shim",
        };
        const { props } = await runtime.read("OperationIntent", "a".repeat(32), old);
        expect(props).to.include({
            intentId: "a".repeat(32),
            baselineMaster: null,
            previousDurationMs: null,
            deferred: null,
            __owner: "p/s/swap-intent",
            __provider: "shim",
        });
        expect(props).not.to.have.property("owner");
    });
});
