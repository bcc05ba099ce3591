import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "./common";
import { ArgsOf, OutputsOf } from "./runtime/fields/field";
import { fleetPreflight } from "./runtime/kinds/fleet-preflight";
import { shimOf } from "./shim";

/** Inputs of `FleetPreflight`; `RollingSwap` fills them in. */
export interface FleetPreflightArgs extends ArgsOf<typeof fleetPreflight.fields> {}

/** Its inputs, each also an output: typed from the kind's field table, with its doc comments. */
export interface FleetPreflight extends OutputsOf<typeof fleetPreflight.fields> {}

/**
 * The read-only check of every instance of a `RollingSwap`, at preview and before `up` starts a
 * swap; registered by `RollingSwap` as `<name>-preflight`. Its swaps wait for it.
 */
export class FleetPreflight extends pulumi.dynamic.Resource {
    constructor(name: string, args: FleetPreflightArgs, opts?: pulumi.CustomResourceOptions) {
        super(shimOf("FleetPreflight"), name, resourceProps(name, fleetPreflight, args), opts, "dcs", "FleetPreflight");
    }
}
