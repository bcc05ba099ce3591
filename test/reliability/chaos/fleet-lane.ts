/**
 * A swap run as one lane of a `RollingSwap` (`World.fleet`): through the runtime's own stop rule
 * (`underStopRule` in fleet-member.ts, and `heldBackBy` as the lifecycle's `beforeSend`), with the
 * record going to state and back through outputs as the engine keeps them (`outputsOf`/`recordOf`).
 * Each `pulumi up` has its own stop rule: a fresh key per process, as `RollingSwap` draws one per
 * program run.
 */
import { OperationError, OperationRecord } from "../../../provider/operations";
import { ResourceInitError } from "../../../provider/resources/runtime/errors/resource-init-error";
import { FleetMembership } from "../../../provider/resources/runtime/fields/shared";
import { closeGate, heldBackBy } from "../../../provider/resources/runtime/fleet-gate";
import { underStopRule } from "../../../provider/resources/runtime/fleet-member";
import { Outputs } from "../../../provider/resources/runtime/kind";
import { outputsOf } from "../../../provider/resources/runtime/operation";
import { redirectProgress } from "../../../provider/resources/runtime/progress";
import { INSTANCE_ID } from "./dcs-model";
import { Process } from "./process";
import { FleetStart } from "./world";

/** What one run of the resource ends with (`resource-run.ts`); `outs`: the outputs a lane wrote, which replace state's record. */
export interface LaneRun<O extends string> {
    outcome: O;
    record?: OperationRecord;
    error?: Error;
    outs?: Outputs;
}

let lanes = 0;

/** The process's membership of the rolling swap, drawn once per process (one stop rule per `pulumi up`). */
export function membershipOf(process: Process, fleet: FleetStart): FleetMembership {
    process.fleet ??= { name: "chaos/stack/fleet", key: `chaos-lane-${++lanes}`, continueOnFailure: fleet.continueOnFailure };
    return process.fleet;
}

/** Another lane FAILED in this `pulumi up`: what `underStopRule` does when a sibling's swap fails. */
export function anotherLaneFailed(process: Process): void {
    closeGate(process.fleet, "the rolling swap stopped after the swap of another instance failed");
}

/** The stop rule's answer for this process now: the reason a swap must not start, or undefined. */
export function stoppedIn(process: Process): string | undefined {
    return heldBackBy(process.fleet);
}

/**
 * `create`/`update` of a lane: `operate` is the swap as it runs outside a rolling swap; a partial
 * failure goes through the stop rule as the `ResourceInitError` the runtime throws, and comes back
 * as the same outcome (a FAIL recorded as outputs is still that record).
 */
export async function runAsLane<O extends string>(
    fleet: FleetMembership,
    intentId: string | undefined,
    prior: OperationRecord | undefined,
    operate: () => Promise<LaneRun<O>>,
    onLine: (line: string) => void,
): Promise<LaneRun<O | "held-back">> {
    const base: Outputs = { instanceId: INSTANCE_ID, owner: "chaos-lane", fleet, ...(intentId ? { intentId } : {}) };
    let ran: LaneRun<O> | undefined;
    // Its progress lines belong in the schedule's trace (one schedule plays at a time).
    const stdout = redirectProgress(onLine);
    try {
        return await underStopRule<LaneRun<O | "held-back">>(
            { fleet, intentId, owner: "chaos-lane", instanceId: INSTANCE_ID },
            prior ? outputsOf(base, prior) : undefined,
            async () => {
                ran = await operate();
                const error = ran.error;
                if (error instanceof OperationError) throw new ResourceInitError("chaos", outputsOf(base, error.record), (error.cause as Error) ?? error);
                if (error) throw error;
                return ran;
            },
            (_id, outs) => (outs.notStartedBecause !== undefined ? { outcome: "held-back", outs, error: ran?.error } : { ...ran!, outs }),
        );
    } catch (error) {
        // Not held back, not a FAIL: it fails as outside a rolling swap, with its partial state.
        if (ran && error instanceof ResourceInitError) return { ...ran, outs: error.properties };
        if (ran && ran.error === error) return ran;
        throw error;
    } finally {
        redirectProgress(stdout);
    }
}
