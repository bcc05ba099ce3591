import * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "crypto";
import { DcsConfigError, JOB_STATUS } from "../dcs";
import { CommonArgs, assertSerializable, checkedArgs, connectionArgs, validateKnownArgs } from "./common";
import { urnOnly } from "./declared-urn";
import { FleetPreflight } from "./fleet-preflight";
import { MasterStandbySwap, MasterStandbySwapArgs } from "./master-standby-swap";
import { RollingSwapResult } from "./rolling-swap-result";
import { MAX_PARALLEL_LIMIT } from "./runtime/defaults";
import { FailedSwap } from "./runtime/errors/rolling-swap-failed-error";
import { FleetMembership } from "./runtime/fields/shared";
import { NOT_STARTED } from "./runtime/fleet-gate";
import { rules } from "./runtime/fields/rules";
import { masterStandbySwap } from "./runtime/kinds/master-standby-swap";
import { SwapOutcome, summariseOutcomes } from "./runtime/kinds/rolling-swap-result";

/** Inputs of `RollingSwap`. */
export interface RollingSwapArgs extends CommonArgs {
    /**
     * The instances to switch over, swapped in this order unless `order` is given. Plain ids, not
     * `Input`s: each names a child, `<name>-<instanceId>`, so the plan is known at preview.
     */
    instanceIds: string[];
    /** The order to swap in: the ids of `instanceIds`, rearranged. */
    order?: string[];
    /** How many swaps run at once; default 1. The n-th swap starts once the (n − maxParallel)-th has finished. */
    maxParallel?: number;
    /** Shared by every swap: when it changes, every instance is swapped again (as `MasterStandbySwap.triggers`). */
    triggers?: pulumi.Input<unknown>;
    /** Triggers of single instances, by instance id; they replace `triggers` for those instances. */
    instanceTriggers?: Record<string, pulumi.Input<unknown>>;
    /**
     * Default false: once a swap has failed, no further swap starts (those already running finish),
     * and the deployment fails listing what swapped, what failed and why, and what did not start.
     * True: every swap runs; the deployment still fails at the end if any failed.
     */
    continueOnFailure?: boolean;
    /** Which API each swap calls; see `MasterStandbySwapArgs.api`. */
    api?: MasterStandbySwapArgs["api"];
    /**
     * Default true: every instance is read (ShowInstance) at preview and before the first swap
     * starts; any that cannot be switched over fails the preview, all of them named at once.
     */
    preflight?: boolean;
}

/**
 * Master/standby switchovers across a fleet, a few at a time, stopping at the first failure. The
 * children are ordinary `MasterStandbySwap`s (`<name>-<instanceId>`), so each swaps exactly once
 * and resumes on its own; a re-run after a failure swaps only what did not swap. Also registers
 * `<name>-preflight` (the fleet's read-only check) and `<name>-result` (the summary, which fails
 * the deployment when a swap failed or did not start).
 */
export class RollingSwap extends pulumi.ComponentResource {
    /** The instance ids in the order they are swapped. */
    readonly plan: readonly string[];
    /** The swaps, in `plan` order. */
    readonly swaps: readonly MasterStandbySwap[];
    /** Instances swapped (now or in an earlier run), in plan order. */
    readonly swapped: pulumi.Output<string[]>;
    /** Swaps whose job failed, with DCS's reason. */
    readonly failed: pulumi.Output<FailedSwap[]>;
    /** Swaps held back by the stop rule; the next `up` starts them. */
    readonly notStarted: pulumi.Output<string[]>;
    readonly result: RollingSwapResult;

    constructor(name: string, args: RollingSwapArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before anything registers: one line naming the RollingSwap and the argument.
        const { plan, maxParallel, continueOnFailure } = checkedArgs("RollingSwap", name, () => {
            assertSerializable(args);
            // What every swap takes from the rolling swap is checked here, not on the first child.
            validateKnownArgs(masterStandbySwap, args, PASSED_ON);
            const continueOnFailure = args.continueOnFailure ?? false;
            if (typeof continueOnFailure !== "boolean") throw new DcsConfigError("continueOnFailure", `must be a boolean, got ${typeof continueOnFailure}`);
            return { plan: planOf(args), maxParallel: maxParallelOf(args), continueOnFailure };
        });
        super("dcs:index:RollingSwap", name, {}, opts);

        const fleet: FleetMembership = { name: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`, key: randomBytes(8).toString("hex"), continueOnFailure };
        const connection = connectionArgs(args);
        // Each swap's triggers let the preflight read only the instances whose swap will run; its warnings go to this component.
        const triggersById = Object.fromEntries(plan.map((id) => [id, args.instanceTriggers?.[id] ?? args.triggers ?? null]));
        const preflightArgs = { instanceIds: plan, ...connection, triggers: triggersById, declaredUrn: urnOnly(this.urn) };
        const preflight = args.preflight === false ? undefined : new FleetPreflight(`${name}-preflight`, preflightArgs, { parent: this });
        pulumi.log.info(describePlan(plan, maxParallel, continueOnFailure), this);

        const swaps: MasterStandbySwap[] = [];
        for (const [i, instanceId] of plan.entries()) {
            const dependsOn = [...(i >= maxParallel ? [swaps[i - maxParallel]] : []), ...(preflight ? [preflight] : [])];
            const triggers = args.instanceTriggers?.[instanceId] ?? args.triggers;
            // The fleet preflight reads the instances whose swap is new or re-triggered; a swap reads its own only
            // when it resumes an unfinished record (runtime: `preflightFailures`, `resumePreflight`).
            const preflightOn = args.preflight !== false;
            const swapArgs: MasterStandbySwapArgs = { instanceId, triggers, api: args.api, preflight: preflightOn, pollPolicy: args.pollPolicy, ...connection };
            swaps.push(new MasterStandbySwap(`${name}-${instanceId}`, swapArgs, { parent: this, dependsOn }, fleet));
        }
        this.plan = plan;
        this.swaps = swaps;

        const outcomes = pulumi.all(swaps.map(outcomeOf));
        everySwap.push(...swaps);
        this.result = new RollingSwapResult(`${name}-result`, { fleet: fleet.name, outcomes }, { parent: this, dependsOn: everyRollingSwapsSwaps() });
        const summary = outcomes.apply(summariseOutcomes);
        this.swapped = summary.swapped;
        this.failed = summary.failed;
        this.notStarted = summary.notStarted;
        this.registerOutputs({ plan, swapped: this.swapped, failed: this.failed, notStarted: this.notStarted });
    }
}

/** The arguments a rolling swap hands every swap as they are: checked by the swap's field table. */
const PASSED_ON = ["triggers", "api", "pollPolicy", "timeout", "projectId", "region", "endpoint"];

/** The swaps of every `RollingSwap` this program declares. */
const everySwap: MasterStandbySwap[] = [];
let allDeclared: Promise<MasterStandbySwap[]> | undefined;

/**
 * Every rolling swap's swaps, once the program has declared them (the turn of the event loop after
 * the first `RollingSwap`). A result fails the deployment, and Pulumi then starts no further step:
 * waiting for all of them means one rollout's failure never halts another's remaining swaps. A
 * `RollingSwap` declared later, after an `await`, is not waited for.
 */
function everyRollingSwapsSwaps(): Promise<MasterStandbySwap[]> {
    allDeclared ??= new Promise((resolve) =>
        setImmediate(() => {
            const declared = everySwap.splice(0);
            allDeclared = undefined;
            resolve(declared);
        }),
    );
    return allDeclared;
}

/**
 * What a swap recorded. The reasons are read only for the statuses that have one: at preview, an
 * output absent from state is unknown, so reading them for a finished swap would make every
 * preview of a finished rolling swap show its result as changing.
 */
function outcomeOf(swap: MasterStandbySwap): pulumi.Output<SwapOutcome> {
    return pulumi.all([swap.instanceId, swap.status]).apply(([instanceId, status]): pulumi.Output<SwapOutcome> => {
        if (status === JOB_STATUS.FAIL) return swap.failReason.apply((failReason) => ({ instanceId, status, ...(failReason ? { failReason } : {}) }));
        if (status === NOT_STARTED) return swap.notStartedBecause.apply((why) => ({ instanceId, status, ...(why ? { notStartedBecause: why } : {}) }));
        return pulumi.output({ instanceId, status });
    });
}

/** The swap order, validated before anything is registered: errors name the argument. */
function planOf(args: RollingSwapArgs): string[] {
    const ids = args.instanceIds;
    const problem = rules.instanceIds(ids);
    if (problem) throw new DcsConfigError("instanceIds", problem);
    for (const key of Object.keys(args.instanceTriggers ?? {})) {
        if (!ids.includes(key)) throw new DcsConfigError(`instanceTriggers.${key}`, "names an instance that is not in instanceIds");
    }
    if (args.order === undefined) return [...ids];
    const orderProblem = rules.instanceIds(args.order);
    if (orderProblem) throw new DcsConfigError("order", orderProblem);
    const missing = ids.filter((id) => !args.order!.includes(id));
    const extra = args.order.filter((id) => !ids.includes(id));
    if (missing.length > 0 || extra.length > 0) {
        const parts = [missing.length > 0 ? `lacks ${missing.join(", ")}` : "", extra.length > 0 ? `has ${extra.join(", ")} not in instanceIds` : ""];
        throw new DcsConfigError("order", `must list the ids of instanceIds, rearranged; it ${parts.filter(Boolean).join(" and ")}`);
    }
    return [...args.order];
}

function maxParallelOf(args: RollingSwapArgs): number {
    const n = args.maxParallel ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLEL_LIMIT) {
        throw new DcsConfigError("maxParallel", `must be a whole number from 1 to ${MAX_PARALLEL_LIMIT}, got ${JSON.stringify(n)}`);
    }
    return n;
}

/** The plan as one line: preview shows it before anything runs. */
function describePlan(plan: readonly string[], maxParallel: number, continueOnFailure: boolean): string {
    const pace = maxParallel === 1 ? "one at a time" : `${maxParallel} at a time`;
    const rule = continueOnFailure ? "every swap runs even if one fails" : "stops at the first failure";
    return `rolling swap of ${plan.length} instance${plan.length === 1 ? "" : "s"}, ${pace}, ${rule}: ${plan.map((id, i) => `${i + 1}. ${id}`).join(", ")}`;
}
