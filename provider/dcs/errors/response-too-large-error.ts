import { DcsApiError, DcsApiErrorDetails } from "./dcs-api-error";

/**
 * DCS answered with a body over the size limit; the body was dropped unread. It is a `DcsApiError`
 * so that the status still decides what happens next: a 5xx stays transient (a trigger is
 * ambiguous), a 429 throttled, and a 2xx to a read is `permanent` (the same answer would come back).
 * `errorCode` is unknown and `errorMsg` says what happened.
 */
export class DcsResponseTooLargeError extends DcsApiError {
    /** The limit that was exceeded, in bytes. */
    readonly limitBytes: number;

    constructor(details: Omit<DcsApiErrorDetails, "errorCode" | "errorMsg">, limitBytes: number) {
        super({ ...details, errorMsg: `answer body is larger than the limit of ${limitBytes} bytes (${formatMiB(limitBytes)}) and was not read` });
        this.limitBytes = limitBytes;
    }
}

function formatMiB(bytes: number): string {
    return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB`;
}
