import * as pulumi from "@pulumi/pulumi";
import { checkedArgs, refuseImport, resourceProps, validateKnownArgs } from "./common";
import { declaredUrn } from "./declared-urn";
import { JobResource } from "./job-resource";
import type { OutputsOf } from "./runtime/fields/field";
import { clientIpPassthrough } from "./runtime/kinds/client-ip-passthrough";
import { ClientIpPassthroughArgs } from "./args";
import { shimOf } from "./shim";

export type { ClientIpPassthroughArgs } from "./args";

/** Its inputs, each also an output: typed from the kind's field table, with its doc comments. */
export interface ClientIpPassthrough extends OutputsOf<typeof clientIpPassthrough.fields> {}

/**
 * Client IP pass-through of a DCS instance. Create and update set the flag and wait for the
 * `modifyClientIpTransJob`; "already enabled/disabled" counts as success. Refresh shows drift.
 */
export class ClientIpPassthrough extends JobResource {
    /** The value found before the first change, used by `restoreOnDelete`. */
    declare readonly previousEnabled: pulumi.Output<boolean | undefined>;
    /** True when DCS said the instance was already in the wanted state and started no job. */
    declare readonly noChange: pulumi.Output<boolean>;

    constructor(name: string, args: ClientIpPassthroughArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("ClientIpPassthrough", name, opts);
        const props = checkedArgs("ClientIpPassthrough", name, () => {
            // resourceProps checks that the args serialize (first, so that error is the one reported), then the rules.
            const props = resourceProps(name, clientIpPassthrough, { ...args, declaredUrn: declaredUrn(name, "ClientIpPassthrough", opts) });
            validateKnownArgs(clientIpPassthrough, args);
            return props;
        });
        super(shimOf("ClientIpPassthrough"), name, props, opts, "dcs", "ClientIpPassthrough");
    }
}
