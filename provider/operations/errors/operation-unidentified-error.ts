import { DcsError } from "../../dcs";

/** An operation that may have been accepted could not be identified, so it was not sent again. */
export class OperationUnidentifiedError extends DcsError {
    readonly operation: string;
    readonly instanceId?: string;
    /** Local epoch ms of the send in question, when known. */
    readonly sentAt?: number;

    constructor(details: { operation: string; instanceId?: string; sentAt?: number }, reason: string, cause?: unknown) {
        const where = details.instanceId ? ` on instance ${details.instanceId}` : "";
        const when = details.sentAt !== undefined ? ` sent at ${new Date(details.sentAt).toISOString()}` : "";
        super(`${details.operation}${where}${when}: ${reason}; not sent again, because a second one could undo the first`, { cause });
        this.operation = details.operation;
        this.instanceId = details.instanceId;
        this.sentAt = details.sentAt;
    }
}
