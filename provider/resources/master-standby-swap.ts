import * as pulumi from "@pulumi/pulumi";
import { assertSerializable, checkedArgs, connectionArgs, refuseImport, resourceProps, validateKnownArgs } from "./common";
import { JobResource } from "./job-resource";
import { declaredUrn, urnOnly } from "./declared-urn";
import { IntentOutputs, OperationIntentArgs, intentFor } from "./operation-intent";
import type { OutputsOf } from "./runtime/fields/field";
import { FleetMembership, INTENT_FIELDS } from "./runtime/fields/shared";
import { SWAP_TASK_NAME, masterStandbySwap } from "./runtime/kinds/master-standby-swap";
import { MasterStandbySwapArgs } from "./args";
import { shimOf } from "./shim";

const INTENT_KEYS = Object.keys(INTENT_FIELDS) as (keyof typeof INTENT_FIELDS)[];

export type { MasterStandbySwapArgs } from "./args";

/** The intent a swap records before it is sent: what this class and the plugin's component register as `<name>-intent`. */
export function swapIntentArgs(args: MasterStandbySwapArgs): OperationIntentArgs {
    return {
        forKind: "MasterStandbySwap",
        instanceId: args.instanceId,
        taskName: SWAP_TASK_NAME,
        key: { triggers: args.triggers ?? null },
        ...(args.adoptSwap === undefined ? {} : { afterTheFact: true }),
        ...connectionArgs(args),
    };
}

/** The swap's inputs: the user's, every intent output it takes (by the field table's names), and where it warns. */
export function swapInputs(args: MasterStandbySwapArgs, intent: IntentOutputs, declaredUrn: pulumi.Input<string>, fleet?: FleetMembership): object {
    const fromIntent = Object.fromEntries(INTENT_KEYS.map((key) => [key, intent[key]]));
    return { ...args, ...fromIntent, ...(fleet ? { fleet } : {}), declaredUrn };
}

/** The swap's inputs, each also an output: typed from the kind's field table, with its doc comments (`swap.instanceId`, `swap.api`, …). */
export interface MasterStandbySwap extends OutputsOf<typeof masterStandbySwap.fields> {}

/**
 * A master/standby switchover of a DCS instance. Creating it swaps once, waits for the job, then
 * for the instance to be ready (RUNNING, no task) on two reads in a row, so that a dependent
 * resource never starts on a busy instance. Deleting it makes no API call (a swap is not
 * reverted). Change `triggers` to swap again.
 */
export class MasterStandbySwap extends JobResource {
    /** "async" or "sync": the API actually used. */
    declare readonly apiUsed: pulumi.Output<string>;
    /** The master node once the instance settled after the swap; unset where the cloud exposes no node roles (OTC). */
    declare readonly masterNode: pulumi.Output<string | undefined>;
    /** The availability zone of `masterNode`. */
    declare readonly masterAz: pulumi.Output<string | undefined>;
    /** Whether `masterNode` differs from the master recorded with the intent; unset when either is unknown. */
    declare readonly masterChanged: pulumi.Output<boolean | undefined>;
    /** In a `RollingSwap` that stopped: why this swap did not start (its `status` is then NOT_STARTED). */
    declare readonly notStartedBecause: pulumi.Output<string | undefined>;

    /**
     * Also registers `<name>-intent` (an `OperationIntent`), recorded before the swap is sent: it is
     * what lets a later run, on any machine, tell this swap from earlier ones and never swap twice.
     */
    /** `fleet` is set by `RollingSwap` only: the rolling swap this swap belongs to, whose stop rule it follows. */
    constructor(name: string, args: MasterStandbySwapArgs, opts?: pulumi.CustomResourceOptions, fleet?: FleetMembership) {
        refuseImport("MasterStandbySwap", name, opts);
        // Before the intent, so that errors name the resource the user declared.
        checkedArgs("MasterStandbySwap", name, () => {
            assertSerializable(args);
            validateKnownArgs(masterStandbySwap, args);
        });
        const intent = intentFor(name, swapIntentArgs(args), opts, fleet);
        // Preflight warnings go to the resource the user declared: the rolling swap for one of its swaps.
        const warnOn = fleet && opts?.parent ? urnOnly(opts.parent.urn) : declaredUrn(name, "MasterStandbySwap", opts);
        const props = swapInputs(args, intent, warnOn, fleet);
        super(shimOf("MasterStandbySwap"), name, resourceProps(name, masterStandbySwap, props), opts, "dcs", "MasterStandbySwap");
    }
}
