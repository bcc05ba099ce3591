import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "./common";
import { ArgsOf } from "./runtime/fields/field";
import { operationIntent } from "./runtime/kinds/operation-intent";
import { shimOf } from "./shim";

/** Inputs of `OperationIntent`; the resource classes fill them in. */
export interface OperationIntentArgs extends ArgsOf<typeof operationIntent.fields> {}

/**
 * The decision to run one operation, committed to Pulumi state before anything is sent: an id and
 * the instance's existing tasks of that operation. `MasterStandbySwap` and `DcsJob` create one as
 * `<name>-intent`, so a run killed mid-operation is identified by the next run on any machine
 * (docs/design/exactly-once.md). Creating it reads the task list once and, for a swap, the node list.
 */
export class OperationIntent extends pulumi.dynamic.Resource {
    declare readonly intentId: pulumi.Output<string>;
    declare readonly baselineTaskIds: pulumi.Output<string[] | undefined>;
    /** For a swap, the master node when the intent was recorded (where the cloud exposes node roles). */
    declare readonly baselineMaster: pulumi.Output<string | undefined>;

    constructor(name: string, args: OperationIntentArgs, opts?: pulumi.CustomResourceOptions) {
        super(shimOf("OperationIntent"), name, resourceProps(name, operationIntent, args), opts, "dcs", "OperationIntent");
    }
}

/**
 * The intent of a resource about to be registered: a sibling with the same parent and explicit
 * dependencies, so its baseline is taken when the operation is really about to run.
 */
export function intentFor(name: string, args: OperationIntentArgs, opts: pulumi.CustomResourceOptions | undefined): OperationIntent {
    return new OperationIntent(`${name}-intent`, args, {
        parent: opts?.parent,
        dependsOn: opts?.dependsOn,
        protect: opts?.protect,
        retainOnDelete: opts?.retainOnDelete,
    });
}
