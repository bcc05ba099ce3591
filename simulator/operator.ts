import { DcsError } from "../provider/dcs/errors";
import { SWAP_MODES } from "./handlers";
import { JobRecord } from "./jobs";
import { SimState } from "./state";
import { ApiBehaviour, OperatorSwapOptions } from "./types";

/** The `failReason` of an operator's swap asked to fail. */
export const OPERATOR_FAIL_REASON = "the switchover started outside the API failed (simulated)";

/** Checks operator-swap options from JSON or code; unknown fields are refused. */
export function validateOperatorSwap(value: unknown): OperatorSwapOptions {
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) throw new DcsError("operator swap: expected a JSON object");
    for (const [key, v] of Object.entries(value)) {
        if (key === "fail" && (v === undefined || typeof v === "boolean")) continue;
        if (key === "api" && (v === undefined || v === "async" || v === "sync")) continue;
        throw new DcsError(
            key === "fail" || key === "api"
                ? `operator swap.${key}: bad value ${JSON.stringify(v)}`
                : `operator swap: unknown field "${key}" (known: fail, api)`,
        );
    }
    return value as OperatorSwapOptions;
}

/**
 * Starts a swap the way an API swap would (same job, same task, same listing), but from outside the
 * gateway: no request, no fault, no throttling. Refused where DCS would refuse the swap itself.
 */
export function startOperatorSwap(state: SimState, api: ApiBehaviour, instanceId: string, options: OperatorSwapOptions, now: number): JobRecord {
    const instance = state.lookup(instanceId, now);
    if (!instance || !instance.scenario.exists) throw new DcsError(`operator swap: instance ${instanceId} does not exist`);
    if (!SWAP_MODES.has(instance.scenario.cacheMode))
        throw new DcsError(`operator swap: instance ${instanceId} is ${instance.scenario.cacheMode}, not master/standby`);
    const async = (options.api ?? "async") === "async";
    if (async && (api.cloud === "otc" || instance.scenario.asyncSwapUnsupported))
        throw new DcsError(`operator swap: instance ${instanceId} has no async swap API here; use api "sync"`);
    const busy = state.busyCode(instance, now);
    if (busy) throw new DcsError(`operator swap: instance ${instanceId} is busy (${busy}); DCS would refuse the swap`);
    const failReason = options.fail ? OPERATOR_FAIL_REASON : undefined;
    return state.createJob(
        instance,
        { jobType: "masterStandbySwapJob", effect: { kind: "swap" }, withJobId: async, params: "", failReason },
        now,
        api.taskAppearDelayMs,
    );
}
