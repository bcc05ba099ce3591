/**
 * How a caller should react to a failed DCS call.
 * - busy: the instance is doing something else; retry once it is RUNNING with no task.
 * - throttled: the API gateway's rate limit (429); back off and retry.
 * - transient: gateway/backend hiccup (5xx, timeouts); safe to retry reads.
 * - auth: credentials, signature, token or permissions; retrying will not help.
 * - not-found: the instance, job or path does not exist.
 * - permanent: the request itself is wrong or unsupported.
 */
export type DcsErrorClass = "busy" | "throttled" | "transient" | "auth" | "not-found" | "permanent";

// Codes: https://github.com/opentelekomcloud-docs/distributed-cache-service/blob/main/api-ref/source/appendix/error_codes.rst
// Busy codes are the set the Huawei Terraform provider retries (operateErrorCode in
// https://github.com/huaweicloud/terraform-provider-huaweicloud/blob/master/huaweicloud/services/dcs/common.go), plus the
// "try later" codes of the OTC appendix (DCS.4017, 4069, 4104, 4108, 4300).
const BUSY_CODES = new Set([
    "DCS.4017",
    "DCS.4026",
    "DCS.4049",
    "DCS.4069",
    "DCS.4096",
    "DCS.4097",
    "DCS.4104",
    "DCS.4108",
    "DCS.4111",
    "DCS.4113",
    "DCS.4114",
    "DCS.4115",
    "DCS.4116",
    "DCS.4117",
    "DCS.4118",
    "DCS.4120",
    "DCS.4121",
    "DCS.4231",
    "DCS.4300",
    "DCS.4975",
    "CBC.99003651",
    "111400017",
    "111400026",
    "111400069",
    "111400096",
    "111400097",
]);

const AUTH_CODES = new Set([
    "DCS.1001",
    "DCS.1002",
    "DCS.1003",
    "DCS.1004",
    "DCS.2003",
    "DCS.2007",
    "DCS.3002",
    "DCS.3003",
    "111401001",
    "111401002",
    "111401003",
    "111401004",
]);

const NOT_FOUND_CODES = new Set(["DCS.3022", "DCS.4001", "111404022", "111404001"]);

/** Normalises `APIGW.0308` → `APIG.0308` and `DCS. 4855` → `DCS.4855` so one table serves both clouds. */
export function normaliseErrorCode(code: string | undefined): string | undefined {
    return code?.replace(/\s+/g, "").replace(/^APIGW\./, "APIG.") || undefined;
}

/** Classifies an HTTP error response by its gateway/DCS error code first, then its status. */
export function classifyError(status: number, errorCode?: string): DcsErrorClass {
    const code = normaliseErrorCode(errorCode);
    if (code) {
        if (code === "APIG.0308") return "throttled";
        if (code === "APIG.0613") return "transient";
        if (code === "APIG.0101") return "not-found";
        if (/^APIG\.030[1-7]$/.test(code) || code === "APIG.0310") return "auth";
        if (code === "APIG.0201") return status >= 500 ? "transient" : "permanent";
        if (BUSY_CODES.has(code)) return "busy";
        if (AUTH_CODES.has(code)) return "auth";
        if (NOT_FOUND_CODES.has(code)) return "not-found";
    }
    if (status === 429) return "throttled";
    if (status === 401 || status === 403) return "auth";
    if (status === 404) return "not-found";
    // Any 5xx (507, 524, ...) may come from a backend that acted on the request: never "permanent".
    if (status >= 500) return "transient";
    return "permanent";
}
