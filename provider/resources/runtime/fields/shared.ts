import type { PollPolicy } from "../../../jobs";
import { type Field, InputsOf, internal, optional } from "./field";
import { rules } from "./rules";

/**
 * Where and how long: inputs every kind takes. A change never runs the operation again. A named
 * type (not inferred), so that declaration files keep these doc comments for the derived Args.
 */
export type ConnectionFields = {
    /** Overall deadline of the operation (trigger and wait), as a duration ("30m", "1h30m"); default "30m". */
    timeout: Field<string, false, false>;
    /** Overrides `dcs:projectId` / `OS_PROJECT_ID` for this resource. */
    projectId: Field<string, false, false>;
    /** Overrides `dcs:region` / `OS_REGION_NAME` for this resource. */
    region: Field<string, false, false>;
    /** Overrides `dcs:endpoint` / `DCS_ENDPOINT` for this resource. */
    endpoint: Field<string, false, false>;
    /** `<project>/<stack>/<resource name>`: names progress lines and the resume journal. */
    owner: Field<string, false, true>;
    /** The URN of the resource the user declared (a `RollingSwap` for its parts): where preflight warnings are logged. */
    declaredUrn: Field<string, false, true>;
};

/** See `ConnectionFields`. */
export const CONNECTION_FIELDS: ConnectionFields = {
    timeout: optional(rules.timeout, "update"),
    projectId: optional(rules.projectId, "update"),
    region: optional(rules.region, "update"),
    endpoint: optional(rules.endpoint, "update"),
    owner: internal(rules.text),
    declaredUrn: internal(rules.text, "ignore"),
};

/** How a job is polled: inputs of the kinds that wait for one. */
export type PollFields = {
    /** How the job is polled; the defaults suit jobs of 3 s to 10 min (docs/waiting-for-a-job.md). */
    pollPolicy: Field<Partial<PollPolicy>, false, false>;
};

/** See `PollFields`. */
export const POLL_FIELDS: PollFields = {
    pollPolicy: optional(rules.pollPolicy, "update"),
};

/** Set from the resource's `OperationIntent` sibling (see `operations/intent.ts`). */
export const INTENT_FIELDS = {
    intentId: internal<string>(rules.intentId),
    baselineTaskIds: internal<string[]>(rules.taskIds),
    baselineMaster: internal<string>(rules.nodeId),
    /** How long the operation's last task on the instance took: where the waiter looks first. */
    previousDurationMs: internal<number>(rules.durationMs, "ignore"),
};

/** An operator's word on an operation whose outcome DCS cannot show any more (see `RESOLUTION_FIELDS`). */
export interface Resolution {
    /** The intent the error named (`"legacy"` for state written by 0.1, which has none): a resolution applies to that operation only. */
    intentId: string;
    /** "done": it took effect (the swap happened), recorded as SUCCESS with no call; "not-done": it did not, so it is sent again. */
    outcome: "done" | "not-done";
}

/** The way out of an operation that cannot be decided, without state surgery. */
export type ResolutionFields = {
    /**
     * An operator's word on an operation whose outcome DCS can no longer show: the error that stops
     * such a run names the intent id and prints this value. Ignored once the operation is decided,
     * and for any other intent, so it can stay in the program.
     */
    resolution: Field<Resolution, false, false>;
};

/** See `ResolutionFields`. */
export const RESOLUTION_FIELDS: ResolutionFields = {
    resolution: optional(rules.resolution, "update"),
};

/** Where a resource belongs to a `RollingSwap`: its name, and whether the rest go on after a failure. */
export interface FleetMembership {
    /** `<project>/<stack>/<rolling swap name>`, for messages. */
    name: string;
    /**
     * Drawn anew for each `RollingSwap` of each program run: the stop rule's key. Its URN would do,
     * but it is not known when the swaps register; names collide under different parents.
     */
    key?: string;
    continueOnFailure: boolean;
}

/** Set by `RollingSwap` on its swaps and their intents; moving a swap between fleets or toggling the rule runs nothing. */
export const FLEET_FIELDS = {
    fleet: internal<FleetMembership>(rules.fleet, "ignore"),
};

/** The connection and deadline inputs as the runtime receives them. */
export type ConnectionInputs = InputsOf<typeof CONNECTION_FIELDS>;
/** The polling inputs as the runtime receives them. */
export type PollInputs = InputsOf<typeof POLL_FIELDS>;
