import { Clock, DcsInstance, DcsMaster, waitForInstanceReady } from "../dcs";
import { READY_READS_IN_A_ROW } from "./defaults";

/** Read-only views of the instance; a port without them skips readiness and role checks. */
export interface InstanceViews {
    show(instanceId: string, options: { signal?: AbortSignal; deadline?: number }): Promise<DcsInstance>;
    /**
     * The master node, or undefined where node roles are not exposed (OTC documents no node list).
     * Rejects when the roles exist but cannot be read now, a node list without a single master included.
     */
    master(instanceId: string, options: { signal?: AbortSignal; deadline?: number }): Promise<DcsMaster | undefined>;
}

/**
 * Waits until the instance is RUNNING with no task on `READY_READS_IN_A_ROW` reads in a row, as
 * the Huawei Terraform provider does before the next operation: a dependent resource must not
 * start on an instance that is still busy with this one.
 */
export function waitUntilSettled(
    views: InstanceViews,
    instanceId: string,
    options: { clock: Clock; deadline: number; signal?: AbortSignal; onWaiting?: (instance: DcsInstance) => void },
): Promise<DcsInstance> {
    return waitForInstanceReady(() => views.show(instanceId, { signal: options.signal, deadline: options.deadline }), {
        clock: options.clock,
        deadline: options.deadline,
        signal: options.signal,
        // The job just ended: look at once (a ready read is confirmed after READY_CONFIRM_DELAY_MS).
        firstDelayMs: 0,
        consecutive: READY_READS_IN_A_ROW,
        onWaiting: options.onWaiting,
    });
}
