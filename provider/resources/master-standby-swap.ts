import * as pulumi from "@pulumi/pulumi";
import { CommonArgs, JOB_OUTPUT_KEYS, assertSerializable, resourceProps } from "./common";
import { JobResource } from "./job-resource";
import { intentFor } from "./operation-intent";
import { SHIMS } from "./shim";

/** Inputs of `MasterStandbySwap`. */
export interface MasterStandbySwapArgs extends CommonArgs {
    /** The DCS instance (a master/standby `ha` instance). Changing it swaps the new instance (replace). */
    instanceId: pulumi.Input<string>;
    /**
     * Which API to call: "async" (`PUT …/async-swap`, a pollable job), "sync" (`POST …/swap`, 204,
     * confirmed by its background task if DCS lists one, else by the instance settling and the
     * master changing), or "auto" (default: async, falling back to sync when DCS answers that the
     * async API does not exist: APIG.0101, or 404 DCS.4001 / 111404001).
     */
    api?: pulumi.Input<"async" | "sync" | "auto">;
    /**
     * Read-only checks at preview (default true): fails the preview when the instance is not found,
     * is not a master/standby instance (`ha`, `ha_rw_split`), or is ERROR/FROZEN/CREATEFAILED; a busy
     * instance is a warning. See README, "Preflight at preview".
     */
    preflight?: pulumi.Input<boolean>;
}

/**
 * A master/standby switchover of a DCS instance. Creating it swaps once, waits for the job, then
 * for the instance to be ready (RUNNING, no task) on two reads in a row, so that a dependent
 * resource never starts on a busy instance. Deleting it makes no API call (a swap is not
 * reverted). Change `triggers` to swap again.
 */
export class MasterStandbySwap extends JobResource {
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly triggers: pulumi.Output<unknown>;
    /** "async" or "sync": the API actually used. */
    declare readonly apiUsed: pulumi.Output<string>;
    /** The master node once the instance settled after the swap; unset where the cloud exposes no node roles (OTC). */
    declare readonly masterNode: pulumi.Output<string | undefined>;
    /** The availability zone of `masterNode`. */
    declare readonly masterAz: pulumi.Output<string | undefined>;
    /** Whether `masterNode` differs from the master recorded with the intent; unset when either is unknown. */
    declare readonly masterChanged: pulumi.Output<boolean | undefined>;

    /**
     * Also registers `<name>-intent` (an `OperationIntent`), recorded before the swap is sent: it is
     * what lets a later run, on any machine, tell this swap from earlier ones and never swap twice.
     */
    constructor(name: string, args: MasterStandbySwapArgs, opts?: pulumi.CustomResourceOptions) {
        assertSerializable(args); // before the intent, so errors name the user's property
        const intent = intentFor(
            name,
            {
                forKind: "MasterStandbySwap",
                instanceId: args.instanceId,
                taskName: "masterStandbySwapJob",
                key: { triggers: args.triggers ?? null },
                projectId: args.projectId,
                region: args.region,
                endpoint: args.endpoint,
                timeout: args.timeout,
            },
            opts,
        );
        const props = { ...args, intentId: intent.intentId, baselineTaskIds: intent.baselineTaskIds, baselineMaster: intent.baselineMaster };
        super(
            SHIMS.MasterStandbySwap,
            name,
            resourceProps(name, props, [...JOB_OUTPUT_KEYS, "instanceId", "triggers", "apiUsed", "masterNode", "masterAz", "masterChanged"]),
            opts,
            "dcs",
            "MasterStandbySwap",
        );
    }
}
