import { randomBytes } from "crypto";
import type { FleetMembership } from "./fields/shared";
import { ResourceInitError } from "./errors/resource-init-error";
import { NOT_STARTED, closeGate, heldBackBy } from "./fleet-gate";
import { Outputs } from "./kind";
import { echoInputs } from "./operation";
import { progress } from "./progress";

/** What a swap of a `RollingSwap` knows about its place in it. */
interface MemberInputs {
    fleet?: FleetMembership;
    intentId?: string;
    owner?: string;
    instanceId?: string;
}

/**
 * Runs one swap of a `RollingSwap` under its stop rule. A swap that may not start records
 * `NOT_STARTED` and sends nothing. A swap whose job FAILED records the failure as its outputs
 * instead of failing the deployment, so the rolling swap can report it; its `RollingSwapResult`
 * fails the deployment once every swap is recorded. Any other error (nothing proves the swap did
 * not happen) stops the rolling swap and fails as it would outside one, keeping its partial state.
 * Outside a rolling swap this is `run()` unchanged.
 */
export async function underStopRule<R>(inputs: MemberInputs, run: () => Promise<R>, result: (id: string, outs: Outputs) => R): Promise<R> {
    const fleet = inputs.fleet;
    if (!fleet) return run();
    // The intent is absent only when it was deferred, which the gate decided earlier in this run.
    const why = heldBackBy(fleet) ?? (inputs.intentId === undefined ? "its intent was deferred: the rolling swap had stopped" : undefined);
    if (why) {
        progress(inputs.owner, `not started: ${why}`);
        const outs = { ...echoInputs(inputs), status: NOT_STARTED, notStartedBecause: why };
        return result(`not-started-${inputs.intentId ?? randomBytes(8).toString("hex")}`, outs);
    }
    try {
        return await run();
    } catch (error) {
        // Short: the failed swap's own line and the rolling swap's result carry the reason.
        closeGate(fleet, `the rolling swap stopped after the swap of instance ${inputs.instanceId} failed`);
        if (!(error instanceof ResourceInitError) || error.properties.status !== "FAIL") throw error;
        const next = fleet.continueOnFailure ? "the other swaps go on (continueOnFailure)" : "no further swap of this rolling swap starts";
        progress(inputs.owner, `${error.message}; ${next}`);
        return result(error.id, error.properties);
    }
}
