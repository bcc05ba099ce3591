import { Reply, errorReply } from "./http";

/**
 * The error answers the simulator gives, in one place so codes and wording stay consistent
 * with the DCS codes and the API gateway's APIG codes. DCS messages are verbatim from the OTC
 * error-code appendix, odd spacing included:
 * https://github.com/opentelekomcloud-docs/distributed-cache-service/blob/main/api-ref/source/appendix/error_codes.rst;
 * APIG codes: https://github.com/opentelekomcloud-docs/api-gateway/blob/main/umn/source/published_api_calling/error_codes.rst.
 */
export const errors = {
    apiNotFound: (): Reply => errorReply(404, "APIG.0101", "The API does not exist or has not been published in the environment"),
    throttled: (limit: number, retryAfterSeconds?: number): Reply =>
        errorReply(
            429,
            "APIG.0308",
            `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`,
            retryAfterSeconds === undefined ? undefined : { "Retry-After": String(retryAfterSeconds) },
        ),
    authFailed: (detail: string): Reply => errorReply(401, "APIG.0301", `Incorrect IAM authentication information: ${detail}`),
    badSdkDate: (detail: string): Reply => errorReply(401, "APIG.0303", `Incorrect app authentication information: ${detail}`),
    tokenExpired: (): Reply => errorReply(401, "APIG.0307", "The token must be updated."),
    projectMismatch: (): Reply => errorReply(401, "DCS.1004", "Project ID does not match the token."),
    internal: (): Reply => errorReply(500, "DCS.5000", "Internal service error."),
    badGateway: (): Reply => errorReply(502, "APIG.0201", "Backend unavailable"),
    gatewayTimeout: (): Reply => errorReply(504, "APIG.0201", "Backend timeout. Service DCS timed out (30000 ms)"),
    bodyTooLarge: (): Reply => errorReply(413, "APIG.0201", "Request entity too large"),
    busy: (code: string): Reply => errorReply(400, code, BUSY_MESSAGES[code] ?? "The instance is busy. Try again later."),
    invalidParam: (name: string): Reply => errorReply(400, "111400063", `Invalid ${name} parameter in the request.`),
    invalidInstanceId: (): Reply => errorReply(400, "DCS.4061", "Invalid instance ID format."),
    instanceNotFound: (): Reply => errorReply(404, "DCS.3022", "This DCS instance does not exist."),
    // DCS.4001 means "no such URL"; an unknown job id is answered with it (see README), in its wording.
    jobNotFound: (): Reply => errorReply(404, "DCS.4001", "The requested URL does not exist."),
    swapUnsupported: (): Reply => errorReply(400, "DCS.4855", "Master standby swap is not supported."),
    clientIpAlready: (enabled: boolean): Reply =>
        enabled
            ? errorReply(400, "DCS.4847", "Client ip transparent transmission is already opened,please do not repeat the operation.")
            : errorReply(400, "DCS.4846", "Client ip transparent transmission is already closed,please do not repeat the operation."),
    clientIpVersion: (): Reply => errorReply(400, "DCS.4841", "Instance do not support client ip transparent transmission."),
};

const BUSY_MESSAGES: Record<string, string> = {
    "DCS.4049": "The instance status is not running.",
    "DCS.4026": "This operation is not allowed when the DCS instance is in the current state.",
};
