import { DcsError } from "./dcs-error";

/**
 * A call that got no HTTP answer: refused, reset, timed out. An answer whose body cannot be used is
 * a `DcsResponseError` instead: DCS did answer.
 */
export class DcsNetworkError extends DcsError {
    readonly operation: string;
    /** Node error code (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`...). */
    readonly code: string;
    /**
     * False only when the request certainly never reached the server (connection refused, DNS);
     * true means the server may have acted on it — the case where a non-idempotent call must not be replayed.
     */
    readonly maybeSent: boolean;

    constructor(operation: string, code: string, maybeSent: boolean, detail: string, options?: { cause?: unknown }) {
        super(`DCS ${operation} got no answer (${code}): ${detail}`, options);
        this.operation = operation;
        this.code = code;
        this.maybeSent = maybeSent;
    }
}
