import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "./common";
import { ArgsOf, OutputsOf } from "./runtime/fields/field";
import type { FleetMembership, INTENT_FIELDS } from "./runtime/fields/shared";
import { operationIntent } from "./runtime/kinds/operation-intent";
import { shimOf } from "./shim";

/** Inputs of `OperationIntent`; the resource classes fill them in. */
export interface OperationIntentArgs extends ArgsOf<typeof operationIntent.fields> {}

/** Its inputs, each also an output: typed from the kind's field table, with its doc comments. */
export interface OperationIntent extends OutputsOf<typeof operationIntent.fields> {}

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
    /** How long the operation's last finished task on the instance took, read with the baseline. */
    declare readonly previousDurationMs: pulumi.Output<number | undefined>;
    /** True while a stopped `RollingSwap` holds its swap back: nothing was recorded or read. */
    declare readonly deferred: pulumi.Output<boolean | undefined>;

    /** `fleet` is set by `RollingSwap` only (see `MasterStandbySwap`). */
    constructor(name: string, args: OperationIntentArgs, opts?: pulumi.CustomResourceOptions, fleet?: FleetMembership) {
        super(shimOf("OperationIntent"), name, resourceProps(name, operationIntent, fleet ? { ...args, fleet } : args), opts, "dcs", "OperationIntent");
    }
}

/** What an intent hands its operation: the outputs named in `INTENT_FIELDS`, of either provider's intent resource. */
export type IntentOutputs = { [K in keyof typeof INTENT_FIELDS]: pulumi.Input<unknown> };

/** The type token Pulumi gives `OperationIntent` (a dynamic resource of module `dcs`). */
const INTENT_TYPE = "pulumi-nodejs:dynamic/dcs:OperationIntent";

/**
 * The intent of a resource about to be registered: a sibling with the same parent and explicit
 * dependencies, so its baseline is taken when the operation is really about to run.
 */
export function intentFor(name: string, args: OperationIntentArgs, opts: pulumi.CustomResourceOptions | undefined, fleet?: FleetMembership): OperationIntent {
    const intentOpts = {
        parent: opts?.parent,
        dependsOn: opts?.dependsOn,
        protect: opts?.protect,
        retainOnDelete: opts?.retainOnDelete,
        // A rename with aliases must keep the intent too: a new one would re-read the baseline with the
        // resource's own task in it.
        aliases: opts?.aliases?.map((alias) => pulumi.output(alias).apply(intentAlias)),
    };
    return new OperationIntent(`${name}-intent`, args, intentOpts, fleet);
}

/** The intent's alias for an alias of its resource: `<name>-intent` of the same kind of move. */
export function intentAlias(alias: string | pulumi.Alias): string | pulumi.Alias {
    if (typeof alias === "string") {
        // A URN, `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`: the intent's own type and name.
        const parts = alias.split("::");
        if (parts.length < 4) return alias;
        const name = parts.pop()!;
        const types = parts.pop()!.split("$");
        types[types.length - 1] = INTENT_TYPE;
        return [...parts, types.join("$"), `${name}-intent`].join("::");
    }
    return alias.name === undefined ? alias : { ...alias, name: pulumi.output(alias.name).apply((n) => `${n}-intent`) };
}
