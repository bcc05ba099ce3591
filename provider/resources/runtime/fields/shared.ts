import type { PollPolicy } from "../../../jobs";
import { InputsOf, internal, optional } from "./field";
import { rules } from "./rules";

/** Where and how long: inputs every kind takes. A change never runs the operation again. */
export const CONNECTION_FIELDS = {
    /** Overall deadline of the operation (trigger and wait), as a duration ("30m", "1h30m"); default "30m". */
    timeout: optional<string>(rules.timeout, "update"),
    /** Overrides `dcs:projectId` / `OS_PROJECT_ID` for this resource. */
    projectId: optional<string>(rules.projectId, "update"),
    /** Overrides `dcs:region` / `OS_REGION_NAME` for this resource. */
    region: optional<string>(rules.region, "update"),
    /** Overrides `dcs:endpoint` / `DCS_ENDPOINT` for this resource. */
    endpoint: optional<string>(rules.endpoint, "update"),
    /** `<project>/<stack>/<resource name>`: names progress lines and the resume journal. */
    owner: internal<string>(rules.text),
    /** The URN of the resource the user declared (a `RollingSwap` for its parts): where preflight warnings are logged. */
    declaredUrn: internal<string>(rules.text, "ignore"),
};

/** How a job is polled: inputs of the kinds that wait for one. */
export const POLL_FIELDS = {
    /** How the job is polled; defaults suit jobs of 3 s to 10 min (see docs/waiting-for-a-job.md). */
    pollPolicy: optional<Partial<PollPolicy>>(rules.pollPolicy, "update"),
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
export const RESOLUTION_FIELDS = {
    /**
     * Records the outcome of an operation whose result cannot be read any more (the error that stops
     * such a run names the intent id and asks for this). Ignored once the operation is decided, and
     * for any other intent, so it can stay in the program.
     */
    resolution: optional<Resolution>(rules.resolution, "update"),
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
