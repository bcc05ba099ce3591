import { DcsError } from "../../dcs";

/**
 * DCS reports the swap done, but the node roles show the master of the intent still in place. A
 * switchover is not reported as done without the roles agreeing where they can be read, and it is
 * not sent again either: the next run reads the roles again, and an operator can record the outcome.
 */
export class SwitchoverUnconfirmedError extends DcsError {
    readonly instanceId: string;
    /** The master recorded with the intent, before the swap. */
    readonly masterBefore: string;
    /** The master now: the same node. */
    readonly masterNow: string;

    constructor(details: { instanceId: string; masterBefore: string; masterNow: string; what: string }) {
        super(
            `instance ${details.instanceId}: ${details.what}, but the master is still ${details.masterNow} ` +
                `(it was ${details.masterBefore} when the swap was decided): the switchover is not confirmed, and it is not sent again`,
        );
        this.instanceId = details.instanceId;
        this.masterBefore = details.masterBefore;
        this.masterNow = details.masterNow;
    }
}
