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
};

/** How a job is polled: inputs of the kinds that wait for one. */
export const POLL_FIELDS = {
    /** How the job is polled; defaults suit jobs of 3 s to 10 min (see README, "Waiting for a job"). */
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

/** Where a resource belongs to a `RollingSwap`: its name, and whether the rest go on after a failure. */
export interface FleetMembership {
    /** `<project>/<stack>/<rolling swap name>`: one stop rule per rolling swap. */
    name: string;
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
