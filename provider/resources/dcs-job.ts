import * as pulumi from "@pulumi/pulumi";
import { assertSerializable, checkedArgs, connectionArgs, refuseImport, resourceProps, validateKnownArgs } from "./common";
import { JobResource } from "./job-resource";
import { IntentOutputs, OperationIntentArgs, intentFor } from "./operation-intent";
import type { OutputsOf } from "./runtime/fields/field";
import { dcsJob } from "./runtime/kinds/dcs-job";
import { DcsJobArgs } from "./args";
import { shimOf } from "./shim";

export type { DcsJobArgs } from "./args";

/** The intent a call records before it is sent: what this class and the plugin's component register as `<name>-intent`. */
export function dcsJobIntentArgs(args: DcsJobArgs): OperationIntentArgs {
    return {
        forKind: "DcsJob",
        instanceId: args.instanceId,
        key: { method: args.method, path: args.path, body: args.body ?? null, triggers: args.triggers ?? null },
        ...connectionArgs(args),
    };
}

/** The call's inputs: the user's and its intent's id. */
export function dcsJobInputs(args: DcsJobArgs, intent: Pick<IntentOutputs, "intentId">): object {
    return { ...args, intentId: intent.intentId };
}

/** Its inputs, each also an output: typed from the kind's field table, with its doc comments. */
export interface DcsJob extends OutputsOf<typeof dcsJob.fields> {}

/**
 * Any other DCS call that answers with a job id (SSL toggle, bandwidth change...): runs it once,
 * then waits for the job. It is never replayed after an ambiguous failure. Delete makes no call.
 */
export class DcsJob extends JobResource {
    /** Also registers `<name>-intent` (an `OperationIntent`), recorded before the call is sent. */
    constructor(name: string, args: DcsJobArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("DcsJob", name, opts);
        // Before the intent, so that errors name the resource the user declared.
        checkedArgs("DcsJob", name, () => {
            assertSerializable(args);
            validateKnownArgs(dcsJob, args);
        });
        const intent = intentFor(name, dcsJobIntentArgs(args), opts);
        super(shimOf("DcsJob"), name, resourceProps(name, dcsJob, dcsJobInputs(args, intent)), opts, "dcs", "DcsJob");
    }
}
