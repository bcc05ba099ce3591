import { Clock, DcsAbortedError, DcsMaster } from "../dcs";
import { ROLE_READS, ROLE_READ_FIRST_DELAY_MS } from "./defaults";
import { RolesUnreadableError } from "./errors/roles-unreadable-error";
import { InstanceViews } from "./instance-checks";

/** The node roles now: the master, or `exposed: false` where the cloud has no roles API (OTC documents none). */
export type Roles = { exposed: false } | { exposed: true; master: DcsMaster };

/**
 * Reads the master, retrying a failed read (`ROLE_READS` in all, backing off): a 5xx, a missing
 * permission or a node list with no single master must not be taken for "no roles on this cloud".
 * Throws `RolesUnreadableError` when every read failed.
 */
export async function readRoles(views: InstanceViews, instanceId: string, options: { clock: Clock; deadline: number; signal?: AbortSignal }): Promise<Roles> {
    let delay = ROLE_READ_FIRST_DELAY_MS;
    for (let read = 1; ; read++) {
        let failure: unknown;
        try {
            const master = await views.master(instanceId, { signal: options.signal, deadline: options.deadline });
            return master ? { exposed: true, master } : { exposed: false };
        } catch (error) {
            failure = DcsAbortedError.passOn(error);
        }
        if (read >= ROLE_READS || options.clock.now() + delay >= options.deadline) throw new RolesUnreadableError(instanceId, failure);
        await options.clock.sleep(delay, options.signal);
        delay *= 2;
    }
}
