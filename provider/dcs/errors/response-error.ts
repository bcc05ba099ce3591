import { DcsError } from "./dcs-error";

/** The 2xx answer a body came with; what a parser needs to name in its error. */
export interface DcsAnswerInfo {
    /** Which client operation was answered, e.g. `showJob`. */
    operation: string;
    status: number;
    requestId?: string;
}

/**
 * DCS answered 2xx, but with a body this package cannot use: not JSON, or without a field it needs
 * (`job_id`, `status`, `task_count`...). DCS did answer, so this is never a `DcsNetworkError`; what
 * it means depends on the call: a read may get a good answer next time, a trigger certainly acted
 * (`AmbiguousTriggerError` with `accepted: true` carries this as its cause). A body too large to
 * read at all is `DcsResponseTooLargeError` instead, which its status classifies.
 */
export class DcsResponseError extends DcsError {
    readonly operation: string;
    readonly status: number;
    /** What is wrong, worded to follow "the body", e.g. "lacks job_id or status". */
    readonly problem: string;
    readonly requestId?: string;

    constructor(details: DcsAnswerInfo & { problem: string }) {
        const rid = details.requestId ? ` (request id ${details.requestId})` : "";
        super(`DCS ${details.operation} answered HTTP ${details.status}, but the body ${details.problem}${rid}`);
        this.operation = details.operation;
        this.status = details.status;
        this.problem = details.problem;
        this.requestId = details.requestId;
    }
}
