import * as pulumi from "@pulumi/pulumi";
import { resourceProps } from "./common";
import { FailedSwap } from "./runtime/errors/rolling-swap-failed-error";
import { ArgsOf, OutputsOf } from "./runtime/fields/field";
import { rollingSwapResult } from "./runtime/kinds/rolling-swap-result";
import { shimOf } from "./shim";

/** Inputs of `RollingSwapResult`; `RollingSwap` fills them in. */
export interface RollingSwapResultArgs extends ArgsOf<typeof rollingSwapResult.fields> {}

/** Its inputs, each also an output: typed from the kind's field table, with its doc comments. */
export interface RollingSwapResult extends OutputsOf<typeof rollingSwapResult.fields> {}

/**
 * The summary of a `RollingSwap`, registered as `<name>-result` once every swap is recorded. It
 * fails the deployment when a swap failed or did not start, keeping the summary in its state.
 */
export class RollingSwapResult extends pulumi.dynamic.Resource {
    declare readonly swapped: pulumi.Output<string[]>;
    declare readonly failed: pulumi.Output<FailedSwap[]>;
    declare readonly notStarted: pulumi.Output<string[]>;

    constructor(name: string, args: RollingSwapResultArgs, opts?: pulumi.CustomResourceOptions) {
        super(shimOf("RollingSwapResult"), name, resourceProps(name, rollingSwapResult, args), opts, "dcs", "RollingSwapResult");
    }
}
