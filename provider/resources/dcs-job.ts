import * as pulumi from "@pulumi/pulumi";
import { CommonArgs, JOB_OUTPUT_KEYS, assertSerializable, resourceProps } from "./common";
import { JobResource } from "./job-resource";
import { intentFor } from "./operation-intent";
import { SHIMS } from "./shim";

/** Inputs of `DcsJob`. */
export interface DcsJobArgs extends CommonArgs {
    method: pulumi.Input<"PUT" | "POST" | "DELETE" | "PATCH">;
    /**
     * A DCS path such as `/v2/{project_id}/instances/{instance_id}/ssl`. After `/v2/` comes
     * `{project_id}` (filled in from the configuration) or the configured project id itself; a
     * whole segment `{instance_id}` is filled in from `instanceId`, which it then requires. No
     * other placeholder. Refused at preview: `.` or `..` segments and `..` anywhere in a segment;
     * empty segments; a query or fragment; whitespace, control characters, backslashes and raw
     * non-ASCII (only letters, digits, `-_.~:@` and `%XX` escapes); escapes of `.`, `/`, `\`, `%`
     * or control characters (`%2e`, `%2F`, `%5c`... in any case) and a `%` that starts no escape;
     * more than 1024 characters. What preview accepts is sent exactly so, below `/v2/<project id>/`.
     */
    path: pulumi.Input<string>;
    /** JSON body, sent as is. */
    body?: pulumi.Input<unknown>;
    /** The instance concerned, if any: busy answers then wait until it is RUNNING with no task. Fills `{instance_id}` in `path`. */
    instanceId?: pulumi.Input<string>;
}

/**
 * Any other DCS call that answers with a job id (SSL toggle, bandwidth change...): runs it once,
 * then waits for the job. It is never replayed after an ambiguous failure. Delete makes no call.
 */
export class DcsJob extends JobResource {
    declare readonly method: pulumi.Output<string>;
    declare readonly path: pulumi.Output<string>;

    /** Also registers `<name>-intent` (an `OperationIntent`), recorded before the call is sent. */
    constructor(name: string, args: DcsJobArgs, opts?: pulumi.CustomResourceOptions) {
        assertSerializable(args); // before the intent, so errors name the user's property
        const intent = intentFor(
            name,
            {
                forKind: "DcsJob",
                instanceId: args.instanceId,
                key: { method: args.method, path: args.path, body: args.body ?? null, triggers: args.triggers ?? null },
                projectId: args.projectId,
                region: args.region,
                endpoint: args.endpoint,
                timeout: args.timeout,
            },
            opts,
        );
        const props = { ...args, intentId: intent.intentId };
        super(SHIMS.DcsJob, name, resourceProps(name, props, [...JOB_OUTPUT_KEYS, "method", "path"]), opts, "dcs", "DcsJob");
    }
}
