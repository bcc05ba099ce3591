import { DcsError } from "./dcs-error";

/** The caller's AbortSignal fired or its deadline passed while a call or wait was in progress. */
export class DcsAbortedError extends DcsError {
    constructor(what: string, options?: { cause?: unknown }) {
        super(`${what} was aborted`, options);
    }
}
