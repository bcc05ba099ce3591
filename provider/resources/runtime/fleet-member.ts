import { randomBytes } from "crypto";
import { DcsError, JOB_STATUS } from "../../dcs";
import { NOT_SENT } from "../../operations";
import type { FleetMembership } from "./fields/shared";
import { ResourceInitError } from "./errors/resource-init-error";
import { SendHeldBackError } from "./errors/send-held-back-error";
import { NOT_STARTED, closeGate, heldBackBy } from "./fleet-gate";
import { Outputs } from "./kind";
import { echoInputs, recordOf } from "./operation";
import { progress } from "./progress";

/** What a swap of a `RollingSwap` knows about its place in it. */
interface MemberInputs {
    fleet?: FleetMembership;
    intentId?: string;
    owner?: string;
    instanceId?: string;
}

/**
 * Runs one swap of a `RollingSwap` under its stop rule. A swap whose state holds no record and that
 * may not start records `NOT_STARTED` and sends nothing; a swap with a record always runs (a SUCCESS
 * makes no call, anything else resumes or identifies), and the stop rule is checked again right
 * before any send (`SendHeldBackError`), which leaves its record as it was. A swap whose job FAILED
 * records the failure as its outputs instead of failing the deployment, so the rolling swap can
 * report it; its `RollingSwapResult` fails the deployment once every swap is recorded. Any other
 * error stops the rolling swap and fails as it would outside one, keeping its partial state.
 * Outside a rolling swap this is `run()` unchanged.
 */
export async function underStopRule<R>(
    inputs: MemberInputs,
    olds: Outputs | undefined,
    run: () => Promise<R>,
    result: (id: string, outs: Outputs) => R,
): Promise<R> {
    const fleet = inputs.fleet;
    if (!fleet) return run();
    const hasRecord = olds !== undefined && recordOf(olds) !== undefined;
    if (!hasRecord) {
        const why = heldBackBy(fleet);
        if (why) return notStarted(inputs, olds, why, result);
        // Deferred intents are recorded by the same `up` that starts their swap, unless that `up` left the intent out.
        if (inputs.intentId === undefined)
            throw new DcsError(
                `its intent was deferred by an earlier run (the rolling swap had stopped) and this \`pulumi up\` did not record it: ` +
                    `a \`--target\` that names the swap but not its \`-intent\`? Nothing was sent. Target both, or run \`pulumi up\` without --target`,
            );
    }
    try {
        return await run();
    } catch (error) {
        const held = heldBack(error);
        if (held) return notStarted(inputs, olds, held.why, result, error instanceof ResourceInitError ? error : undefined);
        // Short: the failed swap's own line and the rolling swap's result carry the reason.
        closeGate(fleet, `the rolling swap stopped after the swap of instance ${inputs.instanceId} failed`);
        if (!(error instanceof ResourceInitError) || error.properties.status !== JOB_STATUS.FAIL) throw error;
        const next = fleet.continueOnFailure ? "the other swaps go on (continueOnFailure)" : "no further swap of this rolling swap starts";
        progress(inputs.owner, `${error.message}; ${next}`);
        return result(error.id, error.properties);
    }
}

/** Held back: nothing sent; a record state held is kept as it was, with the reason beside it. */
function notStarted<R>(inputs: MemberInputs, olds: Outputs | undefined, why: string, result: (id: string, outs: Outputs) => R, kept?: ResourceInitError): R {
    progress(inputs.owner, `not started: ${why}`);
    // A first send held back left NOT_SENT: nothing was ever sent, which is what NOT_STARTED says.
    const keptRecord = kept && kept.properties.status !== NOT_SENT ? kept.properties : undefined;
    const record = keptRecord ?? (olds && recordOf(olds) ? olds : undefined);
    if (record)
        return result(kept?.id ?? `not-started-${randomBytes(8).toString("hex")}`, {
            ...record,
            ...echoInputs(inputs),
            status: record.status,
            notStartedBecause: why,
        });
    return result(`not-started-${inputs.intentId ?? randomBytes(8).toString("hex")}`, { ...echoInputs(inputs), status: NOT_STARTED, notStartedBecause: why });
}

function heldBack(error: unknown): SendHeldBackError | undefined {
    if (error instanceof SendHeldBackError) return error;
    return error instanceof ResourceInitError && error.cause instanceof SendHeldBackError ? error.cause : undefined;
}
