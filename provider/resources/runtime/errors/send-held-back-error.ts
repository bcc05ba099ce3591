import { DcsError } from "../../../dcs";

/**
 * A swap of a `RollingSwap` reached the moment of sending after the rolling swap had stopped (its
 * identification grace, or a busy instance, outlasted another swap's failure). Nothing was sent;
 * whatever state held stays as it was.
 */
export class SendHeldBackError extends DcsError {
    /** The stop rule's reason: the first failure of the rolling swap. */
    readonly why: string;

    constructor(why: string) {
        super(`not sent: ${why}`);
        this.why = why;
    }
}
