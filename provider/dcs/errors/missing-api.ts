import { normaliseErrorCode } from "./classify";
import { DcsApiError } from "./dcs-api-error";

/**
 * "This API does not exist here": the gateway's APIG.0101, or a 404 from the DCS backend itself
 * (DCS.4001 / 111404001, "The requested URL does not exist"). How a cloud tells us it lacks a call.
 */
export function isMissingApi(error: unknown): boolean {
    if (!(error instanceof DcsApiError)) return false;
    const code = normaliseErrorCode(error.errorCode);
    return code === "APIG.0101" || (error.status === 404 && (code === "DCS.4001" || code === "111404001"));
}
