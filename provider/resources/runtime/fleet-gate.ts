import { SendHeldBackError } from "./errors/send-held-back-error";
import type { FleetMembership } from "./fields/shared";

/**
 * The stop rule of a `RollingSwap`: once one of its swaps failed, no further one starts. It lives in
 * this process because every dynamic resource of a deployment is served by one provider process
 * (`nodejsDynamicProviderType` in the Node SDK), so "this process" is "this `pulumi up`"; the next
 * run starts open again.
 * Nothing here is needed for exactly-once: a swap held back sends nothing and records that it did not.
 */
const failures = new Map<string, string>();

/** One stop rule per rolling swap, even when two share a name under different parents. */
function keyOf(fleet: FleetMembership): string {
    return fleet.key ?? fleet.name;
}

/** Records that a swap of `fleet` failed, so the swaps that have not started yet stay put. */
export function closeGate(fleet: FleetMembership | undefined, what: string): void {
    if (fleet && !failures.has(keyOf(fleet))) failures.set(keyOf(fleet), what);
}

/** Why a swap of `fleet` must not start (the first failure), or undefined when it may. */
export function heldBackBy(fleet: FleetMembership | undefined): string | undefined {
    if (!fleet || fleet.continueOnFailure) return undefined;
    return failures.get(keyOf(fleet));
}

/**
 * The check the lifecycle runs right before any send (`OperationOptions.beforeSend`): a grace or a
 * busy wait may outlast another swap's failure, so the stop rule is asked again then.
 */
export function checkBeforeSend(fleet: FleetMembership | undefined): void {
    const why = heldBackBy(fleet);
    if (why) throw new SendHeldBackError(why);
}

/** The status of a `RollingSwap` swap held back by the stop rule: nothing was sent. */
export const NOT_STARTED = "NOT_STARTED";
