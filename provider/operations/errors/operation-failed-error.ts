import { DcsError } from "../../dcs";

/**
 * DCS accepted the operation and it ended without effect: its background task FAILED, or the
 * instance settled with the master unchanged. Nothing of it runs, so a later run may send it again.
 */
export class OperationFailedError extends DcsError {
    readonly operation: string;
    readonly instanceId?: string;

    constructor(details: { operation: string; instanceId?: string }, reason: string) {
        super(`${details.operation}${details.instanceId ? ` on instance ${details.instanceId}` : ""}: ${reason}`);
        this.operation = details.operation;
        this.instanceId = details.instanceId;
    }
}
