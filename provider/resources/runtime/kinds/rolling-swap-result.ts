import { ResourceInitError } from "../errors/resource-init-error";
import { FailedSwap, RollingSwapFailedError } from "../errors/rolling-swap-failed-error";
import { InputsOf, internal, required } from "../fields/field";
import { rules } from "../fields/rules";
import { NOT_STARTED } from "../fleet-gate";
import { Outputs, defineKind, diffFields } from "../kind";
import { echoInputs } from "../operation";
import { JOB_STATUS } from "../../../dcs";

/** What one swap of the rolling swap recorded, in the rolling swap's order. */
export interface SwapOutcome {
    instanceId: string;
    status: string;
    failReason?: string;
    notStartedBecause?: string;
}

/** Inputs of the result of a `RollingSwap`: its swaps' outcomes, which `RollingSwap` collects. */
const fields = {
    /** `<project>/<stack>/<rolling swap name>`. */
    fleet: required<string>(rules.text, "update"),
    /** Each swap's outcome, as `RollingSwap` collected them. */
    outcomes: required<SwapOutcome[]>(rules.swapOutcomes, "update"),
    owner: internal<string>(rules.text),
};

type ResultInputs = InputsOf<typeof fields>;

/**
 * The end of a rolling swap: it runs after every swap is recorded, sums them up, and fails the
 * deployment (keeping the summary in state) when any swap failed or did not start, so CI stops.
 * It makes no API call. A failed result is updated again by every later `up` until all swapped.
 */
export const rollingSwapResult = defineKind({
    kind: "RollingSwapResult",
    fields,
    outputs: ["swapped", "failed", "notStarted"],
    checksConnection: false,
    diff: (olds, news) => diffFields(fields, olds, news, { replaceable: false, forceUpdate: !complete(olds) }),
    create: async (inputs) => ({ id: inputs.fleet, outs: summarise(inputs.fleet, inputs) }),
    update: async (id, _olds, news) => ({ outs: summarise(id, news) }),
    read: async (id: string, props: Outputs) => ({ id, props }),
    delete: async () => {},
});

/** A rolling swap's outcomes sorted into what swapped, what failed (with its reason) and what did not start. */
export interface RollingSwapSummary {
    swapped: string[];
    failed: FailedSwap[];
    notStarted: string[];
}

/** The one place outcomes are sorted: the result resource and `RollingSwap`'s outputs both use it. */
export function summariseOutcomes(outcomes: readonly SwapOutcome[]): RollingSwapSummary {
    const summary: RollingSwapSummary = { swapped: [], failed: [], notStarted: [] };
    for (const o of outcomes) {
        if (o.status === JOB_STATUS.SUCCESS) summary.swapped.push(o.instanceId);
        else if (o.status === NOT_STARTED) summary.notStarted.push(o.instanceId);
        else summary.failed.push({ instanceId: o.instanceId, reason: o.failReason ?? `ended ${o.status}` });
    }
    return summary;
}

function summarise(id: string, inputs: ResultInputs): Outputs {
    const summary = summariseOutcomes(inputs.outcomes);
    const outs = { ...echoInputs(inputs), ...summary };
    if (summary.failed.length > 0 || summary.notStarted.length > 0) throw new ResourceInitError(id, outs, new RollingSwapFailedError(inputs.fleet, summary));
    return outs;
}

function complete(olds: Outputs): boolean {
    return Array.isArray(olds.failed) && olds.failed.length === 0 && Array.isArray(olds.notStarted) && olds.notStarted.length === 0;
}
