/**
 * The errors the model throws, built exactly as `DcsTransport.send` builds them from an HTTP answer
 * or a failed connection (`classifyError` on status and code, `maybeSent` from the socket error).
 */
import { DcsApiError, DcsNetworkError, classifyError } from "../../../provider/dcs";
import { DcsRequest } from "../../../provider/dcs/transport";
import { Rng } from "./rng";
import { FiveXx } from "./schedule";

export function apiError(request: DcsRequest, status: number, errorCode?: string, errorMsg?: string, retryAfterMs?: number): DcsApiError {
    return new DcsApiError({
        operation: request.operation,
        method: request.method,
        path: request.path,
        status,
        errorCode,
        errorMsg,
        requestId: undefined,
        errorClass: classifyError(status, errorCode),
        retryAfterMs,
    });
}

/** ECONNREFUSED never reached the server (`maybeSent` false); ECONNRESET and ETIMEDOUT may have. */
export function networkError(request: DcsRequest, code: "ECONNREFUSED" | "ECONNRESET" | "ETIMEDOUT"): DcsNetworkError {
    const detail = code === "ETIMEDOUT" ? "no answer within 30000 ms" : code === "ECONNRESET" ? "socket hang up" : "connect ECONNREFUSED";
    return new DcsNetworkError(request.operation, code, code !== "ECONNREFUSED", detail);
}

/** The gateway's or the backend's body for each 5xx (some carry no code at all). */
const FIVE_XX_CODES: Record<FiveXx, string | undefined> = {
    500: "DCS.5000",
    502: "APIG.0201",
    503: undefined,
    504: "APIG.0201",
    507: undefined,
    524: undefined,
};

export function fiveXx(request: DcsRequest, status: FiveXx): DcsApiError {
    return apiError(request, status, FIVE_XX_CODES[status], `backend answered ${status}`);
}

export const busyError = (request: DcsRequest) => apiError(request, 400, "DCS.4049", "the instance is being switched over or has a task in progress");
export const throttledError = (request: DcsRequest) => apiError(request, 429, "APIG.0308", "the throttling threshold has been reached", 1000);
export const missingApiError = (request: DcsRequest) => apiError(request, 404, "APIG.0101", "the API does not exist or has not been published");
export const jobNotFound = (request: DcsRequest) => apiError(request, 404, "DCS.4001", "job not found");

/** A failed read: a transient 5xx or a dropped connection, as the client's retries would finally rethrow. */
export function readFailure(request: DcsRequest, rng: Rng): Error {
    switch (rng.int(0, 3)) {
        case 0:
            return fiveXx(request, 500);
        case 1:
            return fiveXx(request, 502);
        case 2:
            return networkError(request, "ECONNRESET");
        default:
            return networkError(request, "ETIMEDOUT");
    }
}
