import * as pulumi from "@pulumi/pulumi";

/** The outputs every job-running resource of this package reports, declared once. */
export abstract class JobResource extends pulumi.dynamic.Resource {
    /** The DCS job of the last operation; undefined when DCS started none (e.g. "already enabled", or a sync swap). */
    declare readonly jobId: pulumi.Output<string | undefined>;
    /** The DCS job's type (`masterStandbySwapJob`, …); undefined with `jobId`. */
    declare readonly jobType: pulumi.Output<string | undefined>;
    /** SUCCESS once created; INIT/RUNNING/FAIL only in a partially created resource. */
    declare readonly status: pulumi.Output<string>;
    /** Epoch milliseconds, as DCS reports them. */
    declare readonly beginTime: pulumi.Output<number | undefined>;
    declare readonly endTime: pulumi.Output<number | undefined>;
    declare readonly durationMs: pulumi.Output<number | undefined>;
    declare readonly failReason: pulumi.Output<string | undefined>;
    /** Version of the runtime that last wrote this resource's state. */
    declare readonly runtimeVersion: pulumi.Output<string>;
}
