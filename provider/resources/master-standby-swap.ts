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
     * confirmed through background tasks), or "auto" (default: async, falling back to sync when the
     * gateway answers APIG.0101 because the async API does not exist there).
     */
    api?: pulumi.Input<"async" | "sync" | "auto">;
}

/**
 * A master/standby switchover of a DCS instance. Creating it swaps once and waits for the job;
 * deleting it makes no API call (a swap is not reverted). Change `triggers` to swap again.
 */
export class MasterStandbySwap extends JobResource {
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly triggers: pulumi.Output<unknown>;
    /** "async" or "sync": the API actually used. */
    declare readonly apiUsed: pulumi.Output<string>;

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
        const props = { ...args, intentId: intent.intentId, baselineTaskIds: intent.baselineTaskIds };
        super(
            SHIMS.MasterStandbySwap,
            name,
            resourceProps(name, props, [...JOB_OUTPUT_KEYS, "instanceId", "triggers", "apiUsed"]),
            opts,
            "dcs",
            "MasterStandbySwap",
        );
    }
}
