import { DcsError } from "./dcs-error";

/**
 * A trigger may have started an operation, but the answer does not say which one: a 5xx, a
 * timeout or reset after sending (`accepted: false`), or a 2xx whose body names no job
 * (`accepted: true`). It is never sent again blindly; the caller identifies the operation first.
 */
export class AmbiguousTriggerError extends DcsError {
    readonly operation: string;
    readonly instanceId?: string;
    /** Local epoch ms when the request that got this answer was sent. */
    readonly sentAt: number;
    /** True when DCS answered 2xx: it certainly accepted the call, so it must never be sent again. */
    readonly accepted: boolean;

    constructor(details: { operation: string; instanceId?: string; sentAt: number; accepted: boolean }, cause: Error) {
        const where = details.instanceId ? ` on instance ${details.instanceId}` : "";
        const what = details.accepted ? "DCS accepted the request but its answer names no job" : "DCS may have accepted the request";
        super(`${details.operation}${where}, sent at ${new Date(details.sentAt).toISOString()}: ${what} (${cause.message})`, { cause });
        this.operation = details.operation;
        this.instanceId = details.instanceId;
        this.sentAt = details.sentAt;
        this.accepted = details.accepted;
    }
}
