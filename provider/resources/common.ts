import * as pulumi from "@pulumi/pulumi";
import type { PollPolicy } from "../jobs";

/** Inputs shared by every resource of this package. */
export interface CommonArgs {
    /** Any JSON value; when it changes, the operation runs again (shown as a replace), as in `@pulumi/command`. */
    triggers?: pulumi.Input<unknown>;
    /** Overall deadline of trigger + wait, as a duration ("30m", "1h30m"); default "30m". */
    timeout?: pulumi.Input<string>;
    /** How the job is polled; defaults suit jobs of 3 s to 10 min (see README). */
    pollPolicy?: pulumi.Input<Partial<PollPolicy>>;
    /** Overrides `dcs:projectId` / `OS_PROJECT_ID` for this resource. */
    projectId?: pulumi.Input<string>;
    /** Overrides `dcs:region` / `OS_REGION_NAME` for this resource. */
    region?: pulumi.Input<string>;
    /** Overrides `dcs:endpoint` / `DCS_ENDPOINT` for this resource. */
    endpoint?: pulumi.Input<string>;
}

/** Outputs every job-running resource reports. */
export const JOB_OUTPUT_KEYS = ["jobId", "jobType", "status", "beginTime", "endTime", "durationMs", "failReason", "runtimeVersion"] as const;

/**
 * Builds the props for `dynamic.Resource`: a fresh object (the base class adds `__provider` and
 * would otherwise mutate the caller's args), with every output key pre-declared so it becomes an
 * `Output`, and the owner name used by progress lines and the resume journal.
 */
export function resourceProps(name: string, args: object, outputKeys: readonly string[]): Record<string, unknown> {
    assertSerializable(args);
    const props: Record<string, unknown> = {};
    for (const key of outputKeys) props[key] = undefined;
    Object.assign(props, args);
    props.owner = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    return props;
}

/** Catches values the engine cannot carry (functions, BigInt, symbols) with a message naming the property. */
export function assertSerializable(args: object): void {
    const visit = (value: unknown, path: string): void => {
        if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return;
        const t = typeof value;
        if (t === "function" || t === "bigint" || t === "symbol") throw new Error(`${path}: must be JSON-serializable, got a ${t}`);
        if (t === "number" && !Number.isFinite(value as number)) throw new Error(`${path}: must be JSON-serializable, got ${String(value)}`);
        if (value instanceof Promise) return;
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
        else if (t === "object" && value !== null) for (const [k, v] of Object.entries(value as object)) visit(v, path ? `${path}.${k}` : k);
    };
    visit(args, "");
}
