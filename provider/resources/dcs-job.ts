import * as pulumi from "@pulumi/pulumi";
import { CommonArgs, JOB_OUTPUT_KEYS, resourceProps } from "./common";
import { JobResource } from "./job-resource";
import { SHIMS } from "./shim";

/** Inputs of `DcsJob`. */
export interface DcsJobArgs extends CommonArgs {
    method: pulumi.Input<"PUT" | "POST" | "DELETE" | "PATCH">;
    /** A DCS path such as `/v2/{project_id}/instances/<id>/ssl`; `{project_id}` is filled in from the configuration. */
    path: pulumi.Input<string>;
    /** JSON body, sent as is. */
    body?: pulumi.Input<unknown>;
    /** The instance concerned, if any: busy answers then wait until it is RUNNING with no task. */
    instanceId?: pulumi.Input<string>;
}

/**
 * Any other DCS call that answers with a job id (SSL toggle, bandwidth change...): runs it once,
 * then waits for the job. It is never replayed after an ambiguous failure. Delete makes no call.
 */
export class DcsJob extends JobResource {
    declare readonly method: pulumi.Output<string>;
    declare readonly path: pulumi.Output<string>;

    constructor(name: string, args: DcsJobArgs, opts?: pulumi.CustomResourceOptions) {
        super(SHIMS.DcsJob, name, resourceProps(name, args, [...JOB_OUTPUT_KEYS, "method", "path"]), opts, "dcs", "DcsJob");
    }
}
