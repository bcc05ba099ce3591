import * as pulumi from "@pulumi/pulumi";
import { CommonArgs, JOB_OUTPUT_KEYS, resourceProps } from "./common";
import { JobResource } from "./job-resource";
import { SHIMS } from "./shim";

/** Inputs of `ClientIpPassthrough`. */
export interface ClientIpPassthroughArgs extends CommonArgs {
    instanceId: pulumi.Input<string>;
    /** Wanted state of client IP pass-through (`transparent_client_ip_enable`). */
    enabled: pulumi.Input<boolean>;
    /** On delete, put back the value found at create. Default false: delete leaves the instance as it is. */
    restoreOnDelete?: pulumi.Input<boolean>;
    /**
     * Read-only checks at preview (default true): fails the preview when the instance is not found,
     * is ERROR/FROZEN/CREATEFAILED, cannot pass client IPs through (feature flag, Redis < 4.0), or
     * has SSL on while enabling. See README, "Preflight at preview".
     */
    preflight?: pulumi.Input<boolean>;
}

/**
 * Client IP pass-through of a DCS instance. Create and update set the flag and wait for the
 * `modifyClientIpTransJob`; "already enabled/disabled" counts as success. Refresh shows drift.
 */
export class ClientIpPassthrough extends JobResource {
    declare readonly instanceId: pulumi.Output<string>;
    /** After a refresh: the live value on the instance. */
    declare readonly enabled: pulumi.Output<boolean>;
    declare readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
    /** The value found before the first change, used by `restoreOnDelete`. */
    declare readonly previousEnabled: pulumi.Output<boolean | undefined>;
    /** True when DCS said the instance was already in the wanted state and started no job. */
    declare readonly noChange: pulumi.Output<boolean>;

    constructor(name: string, args: ClientIpPassthroughArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            SHIMS.ClientIpPassthrough,
            name,
            resourceProps(name, args, [...JOB_OUTPUT_KEYS, "instanceId", "enabled", "restoreOnDelete", "previousEnabled", "noChange"]),
            opts,
            "dcs",
            "ClientIpPassthrough",
        );
    }
}
