import { DcsConfigError } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Project and job ids are 32 hex characters in every example; accept any path-safe token so that
// an id format we have not seen does not lock users out, while still refusing `/`, `?`, spaces.
const PATH_SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** DCS instance ids are UUIDs. */
export function assertInstanceId(value: unknown, field = "instanceId"): string {
    assertNonEmptyString(value, field);
    if (!UUID.test(value))
        throw new DcsConfigError(field, `must be a DCS instance id (a UUID such as 5560df16-cebf-4473-95c4-d1b573c16e79), got ${describe(value)}`);
    return value;
}

export function assertJobId(value: unknown, field = "jobId"): string {
    assertNonEmptyString(value, field);
    if (!PATH_SAFE_ID.test(value)) throw new DcsConfigError(field, `must be a DCS job id (letters, digits, '-' or '_', at most 64), got ${describe(value)}`);
    return value;
}

export function assertProjectId(value: unknown, field = "projectId"): string {
    assertNonEmptyString(value, field);
    if (!PATH_SAFE_ID.test(value)) throw new DcsConfigError(field, `must be a project id (letters, digits, '-' or '_', at most 64), got ${describe(value)}`);
    return value;
}

export function assertNonEmptyString(value: unknown, field: string): asserts value is string {
    if (typeof value !== "string") throw new DcsConfigError(field, `must be a string, got ${value === null ? "null" : typeof value}`);
    if (value.trim() === "") throw new DcsConfigError(field, "must not be empty");
}

export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** An endpoint must be https, or http to a loopback address (the simulator). Returns it without a trailing slash. */
export function assertEndpoint(value: unknown, field = "endpoint"): string {
    assertNonEmptyString(value, field);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new DcsConfigError(field, `must be an absolute URL such as https://dcs.eu-de.otc.t-systems.com, got ${describe(value)}`);
    }
    if (url.username || url.password) throw new DcsConfigError(field, "must not contain user info");
    if (url.search || url.hash) throw new DcsConfigError(field, "must not contain a query or fragment");
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        throw new DcsConfigError(field, `must use https; plain http is only allowed to a loopback address (127.0.0.1, localhost, ::1), got ${url.host}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new DcsConfigError(field, `must use https, got ${url.protocol}`);
    return url.toString().replace(/\/+$/, "");
}

function describe(value: string): string {
    return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
}
