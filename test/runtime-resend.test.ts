import { expect } from "chai";
import { randomUUID } from "crypto";
import { DEFAULT_IDENTIFY_GRACE_MS } from "../provider/operations";
import * as runtime from "../provider/resources/runtime";
import { swapInputs, useRuntimeHarness } from "./support/runtime-harness";

/** The one case where a swap is sent again: its recorded job FAILED, and nothing else of it shows up. */
describe("provider runtime: sending again after FAIL", function () {
    const h = useRuntimeHarness({ virtualTime: true });

    it("a FAIL job becomes a partial failure that keeps the job id and fail_reason", async function () {
        // The update first reads the task list for the whole identify grace (30 s, virtual) before it swaps again.
        const id = randomUUID();
        h.sim.setInstance(id, { failReason: "replica link down" });
        const err = await runtime.create("MasterStandbySwap", swapInputs(id)).catch((e) => e);
        expect(err.message).to.contain("replica link down");
        expect(err.id).to.be.a("string");
        expect(err.properties).to.include({ status: "FAIL", failReason: "replica link down", jobId: err.id });
        // The next `pulumi up` calls update: a recorded FAIL means swap again.
        h.sim.setInstance(id, { failReason: null });
        const updateFrom = h.elapsed();
        const { outs } = await runtime.update("MasterStandbySwap", err.id, err.properties, swapInputs(id));
        expect(outs.status).to.equal("SUCCESS");
        expect(outs.jobId).not.to.equal(err.id);
        expect(h.sim.counters().effects.swaps).to.equal(2);
        expect(h.elapsed() - updateFrom, "virtual ms: the grace before the send").to.be.at.least(DEFAULT_IDENTIFY_GRACE_MS);
    });
});
