/**
 * The public `Args` of the resource classes, written out as plain interfaces so that editor hovers
 * and compiler errors name them ("'trigers' does not exist in type 'MasterStandbySwapArgs'"), not
 * the mapped type they equal. `test/public-api.test.ts` checks each against its kind's field table
 * (`ArgsOf<fields>`): a field added there and not here fails the type test.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PollPolicy } from "../jobs";
import type { Resolution } from "./runtime/fields/shared";

/** Where, how long and how to poll: inputs every job-running resource of this package takes. Each updates in place. */
export interface CommonArgs {
    /** Overall deadline of the operation (trigger and wait), as a duration ("30m", "1h30m"); default "30m". */
    timeout?: pulumi.Input<string>;
    /** Overrides `dcs:projectId` / `OS_PROJECT_ID` for this resource. */
    projectId?: pulumi.Input<string>;
    /** Overrides `dcs:region` / `OS_REGION_NAME` for this resource. */
    region?: pulumi.Input<string>;
    /** Overrides `dcs:endpoint` / `DCS_ENDPOINT` for this resource. */
    endpoint?: pulumi.Input<string>;
    /** How the job is polled; the defaults suit jobs of 3 s to 10 min (docs/waiting-for-a-job.md). */
    pollPolicy?: pulumi.Input<Partial<PollPolicy>>;
}

/** Inputs of `MasterStandbySwap` (docs/master-standby-swap.md). */
export interface MasterStandbySwapArgs extends CommonArgs {
    /** The DCS instance (master/standby, `ha`). Changing it swaps the new instance (replace). */
    instanceId: pulumi.Input<string>;
    /** Any JSON value; when it changes, the instance is swapped again (a replace). */
    triggers?: pulumi.Input<unknown>;
    /** "async" (a pollable job), "sync" (204, confirmed by the task list or the master), or "auto" (default: async, falling back to sync). A change never swaps again. */
    api?: pulumi.Input<"async" | "sync" | "auto">;
    /** Read-only checks at preview (default true). */
    preflight?: pulumi.Input<boolean>;
    /** The DCS job or task id of a swap made outside Pulumi: recorded instead of swapping (read at create only). */
    adoptSwap?: pulumi.Input<string>;
    /** An operator's word on a swap whose outcome DCS can no longer show; the error that asks for it prints the value. */
    resolution?: pulumi.Input<Resolution>;
}

/** Inputs of `ClientIpPassthrough` (docs/client-ip-passthrough.md). */
export interface ClientIpPassthroughArgs extends CommonArgs {
    /** The DCS instance. Changing it makes a new resource (replace). */
    instanceId: pulumi.Input<string>;
    /** Wanted state of client IP pass-through (`transparent_client_ip_enable`); a change sets it, in place. */
    enabled: pulumi.Input<boolean>;
    /** Any JSON value; when it changes, the flag is set again, in place. */
    triggers?: pulumi.Input<unknown>;
    /** On delete, put back the value found at create. Default false. */
    restoreOnDelete?: pulumi.Input<boolean>;
    /** Read-only checks at preview (default true). */
    preflight?: pulumi.Input<boolean>;
}

/** Inputs of `DcsJob` (docs/dcs-job.md). The call (`method`, `path`, `body`, `triggers`) re-runs it; the rest updates in place. */
export interface DcsJobArgs extends CommonArgs {
    /** HTTP method of the call. */
    method: pulumi.Input<"PUT" | "POST" | "DELETE" | "PATCH">;
    /** `/v2/{project_id}/…` (placeholders `{project_id}`, `{instance_id}`), or a path under it. */
    path: pulumi.Input<string>;
    /** JSON body, sent as is. */
    body?: pulumi.Input<unknown>;
    /** Any JSON value; when it changes, the call is made again (a replace). */
    triggers?: pulumi.Input<unknown>;
    /** The instance concerned, if any: busy answers wait until it is ready; fills `{instance_id}` in `path`. */
    instanceId?: pulumi.Input<string>;
    /** An operator's word on a call whose outcome DCS can no longer show; the error that asks for it prints the value. */
    resolution?: pulumi.Input<Resolution>;
}
