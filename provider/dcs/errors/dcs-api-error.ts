import { DcsErrorClass } from "./classify";
import { DcsError } from "./dcs-error";

/** Fields of a DCS/API-gateway error response, plus what we know about the call. */
export interface DcsApiErrorDetails {
    /** Which client operation failed, e.g. `showJob`, `swapMasterStandby`. */
    operation: string;
    method: string;
    /** Request path without host or query; holds ids but never credentials. */
    path: string;
    status: number;
    errorCode?: string;
    errorMsg?: string;
    requestId?: string;
    errorClass: DcsErrorClass;
    /** Server's Retry-After hint, already converted to milliseconds. */
    retryAfterMs?: number;
}

/** An HTTP error answer from DCS or its API gateway. */
export class DcsApiError extends DcsError {
    readonly operation: string;
    readonly method: string;
    readonly path: string;
    readonly status: number;
    readonly errorCode?: string;
    readonly errorMsg?: string;
    readonly requestId?: string;
    readonly errorClass: DcsErrorClass;
    readonly retryAfterMs?: number;

    constructor(details: DcsApiErrorDetails) {
        const code = details.errorCode ? ` ${details.errorCode}` : "";
        const msg = details.errorMsg ? `: ${details.errorMsg}` : "";
        const rid = details.requestId ? ` (request id ${details.requestId})` : "";
        super(`DCS ${details.operation} failed with HTTP ${details.status}${code}${msg} [${details.errorClass}]${rid}`);
        this.operation = details.operation;
        this.method = details.method;
        this.path = details.path;
        this.status = details.status;
        this.errorCode = details.errorCode;
        this.errorMsg = details.errorMsg;
        this.requestId = details.requestId;
        this.errorClass = details.errorClass;
        this.retryAfterMs = details.retryAfterMs;
    }
}
