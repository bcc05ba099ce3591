import { DcsConfigError } from "./errors";
import { DcsCloud, cloudOfRegion, knownRegions, regionEndpoint } from "./regions";
import { assertEndpoint, assertNonEmptyString, assertProjectId } from "./validate";

/** AK/SK (optionally temporary, with a security token) or an IAM token. */
export type DcsCredentials = { accessKey: string; secretKey: string; securityToken?: string } | { token: string };

/** What a client needs; every field may be left out and is then read from the environment. */
export interface DcsConnectionOptions {
    projectId?: string;
    /** Full DCS endpoint, e.g. `https://dcs.eu-de.otc.t-systems.com`; wins over `region`. */
    endpoint?: string;
    region?: string;
    cloud?: DcsCloud;
    credentials?: DcsCredentials;
}

/** A validated, complete connection. */
export interface ResolvedConnection {
    projectId: string;
    endpoint: string;
    credentials: DcsCredentials;
}

/** An environment to read fallbacks from, like `process.env`. */
export type Env = Record<string, string | undefined>;

/**
 * The environment variables we read, in order of precedence. OTC's `OS_*` names come first,
 * then Huawei Cloud's `HW_*`; `DCS_ENDPOINT` points everything at another endpoint (the simulator).
 */
export const ENV_VARS = {
    accessKey: ["OS_ACCESS_KEY", "HW_ACCESS_KEY"],
    secretKey: ["OS_SECRET_KEY", "HW_SECRET_KEY"],
    securityToken: ["OS_SECURITY_TOKEN", "HW_SECURITY_TOKEN"],
    token: ["OS_AUTH_TOKEN", "HW_AUTH_TOKEN"],
    projectId: ["OS_PROJECT_ID", "HW_PROJECT_ID"],
    region: ["OS_REGION_NAME", "HW_REGION_NAME"],
    endpoint: ["DCS_ENDPOINT"],
} as const;

/**
 * Fills gaps from the environment and validates everything, throwing a `DcsConfigError` that names
 * the first bad field. Sends nothing.
 */
export function resolveConnection(options: DcsConnectionOptions, env: Env = process.env): ResolvedConnection {
    const rawProjectId = options.projectId ?? fromEnv(env, ENV_VARS.projectId);
    if (rawProjectId === undefined) throw new DcsConfigError("projectId", "is required (set projectId, OS_PROJECT_ID or HW_PROJECT_ID)");
    const projectId = assertProjectId(rawProjectId, "projectId");
    const credentials = resolveCredentials(options.credentials, env);
    const endpoint = resolveEndpoint(options, env);
    return { projectId, endpoint, credentials };
}

function resolveEndpoint(options: DcsConnectionOptions, env: Env): string {
    const explicit = options.endpoint ?? fromEnv(env, ENV_VARS.endpoint);
    if (explicit !== undefined) return assertEndpoint(explicit, "endpoint");
    const region = options.region ?? fromEnv(env, ENV_VARS.region);
    if (region === undefined) {
        throw new DcsConfigError("region", "is required when no endpoint is given (set region, OS_REGION_NAME or HW_REGION_NAME, or an endpoint)");
    }
    assertNonEmptyString(region, "region");
    if (options.cloud !== undefined && options.cloud !== "otc" && options.cloud !== "huaweicloud") {
        throw new DcsConfigError("cloud", `must be "otc" or "huaweicloud", got ${JSON.stringify(options.cloud)}`);
    }
    const cloud = options.cloud ?? cloudOfRegion(region);
    if (cloud === undefined || !knownRegions(cloud).includes(region)) {
        const clouds: DcsCloud[] = cloud ? [cloud] : ["otc", "huaweicloud"];
        const known = clouds.map((c) => `${c}: ${knownRegions(c).join(", ")}`).join("; ");
        throw new DcsConfigError("region", `unknown region ${JSON.stringify(region)} (known ${known}); give an endpoint for any other`);
    }
    return regionEndpoint(cloud, region);
}

function resolveCredentials(explicit: DcsCredentials | undefined, env: Env): DcsCredentials {
    if (explicit !== undefined) return validateCredentials(explicit, "credentials");
    // Each family (OS_*, HW_*) is taken whole, so an AK from one never pairs with an SK from another.
    for (let i = 0; i < ENV_VARS.accessKey.length; i++) {
        const ak = nonEmpty(env[ENV_VARS.accessKey[i]]);
        const sk = nonEmpty(env[ENV_VARS.secretKey[i]]);
        if (ak && !sk) throw new DcsConfigError("credentials.secretKey", `${ENV_VARS.accessKey[i]} is set but ${ENV_VARS.secretKey[i]} is not`);
        if (sk && !ak) throw new DcsConfigError("credentials.accessKey", `${ENV_VARS.secretKey[i]} is set but ${ENV_VARS.accessKey[i]} is not`);
        if (ak && sk) return withToken({ accessKey: ak, secretKey: sk }, nonEmpty(env[ENV_VARS.securityToken[i]]));
    }
    const token = fromEnv(env, ENV_VARS.token);
    if (token) return { token };
    throw new DcsConfigError(
        "credentials",
        "none found: pass accessKey/secretKey or token, or set OS_ACCESS_KEY/OS_SECRET_KEY, HW_ACCESS_KEY/HW_SECRET_KEY, OS_AUTH_TOKEN or HW_AUTH_TOKEN",
    );
}

function validateCredentials(credentials: DcsCredentials, field: string): DcsCredentials {
    if (typeof credentials !== "object" || credentials === null) throw new DcsConfigError(field, "must be an object");
    if ("token" in credentials) {
        if (typeof credentials.token !== "string" || credentials.token.trim() === "") throw new DcsConfigError(`${field}.token`, "must be a non-empty string");
        return { token: credentials.token };
    }
    const { accessKey, secretKey, securityToken } = credentials as { accessKey?: unknown; secretKey?: unknown; securityToken?: unknown };
    // Messages never echo the values: a misplaced secret must not end up in logs.
    if (typeof accessKey !== "string" || accessKey.trim() === "") throw new DcsConfigError(`${field}.accessKey`, "must be a non-empty string");
    if (!/^[A-Za-z0-9]+$/.test(accessKey)) throw new DcsConfigError(`${field}.accessKey`, "must contain only letters and digits");
    if (typeof secretKey !== "string" || secretKey.trim() === "") throw new DcsConfigError(`${field}.secretKey`, "must be a non-empty string");
    if (securityToken !== undefined && (typeof securityToken !== "string" || securityToken === "")) {
        throw new DcsConfigError(`${field}.securityToken`, "must be a non-empty string when given");
    }
    return withToken({ accessKey, secretKey }, securityToken as string | undefined);
}

function withToken(keys: { accessKey: string; secretKey: string }, securityToken: string | undefined): DcsCredentials {
    return securityToken === undefined ? keys : { ...keys, securityToken };
}

function fromEnv(env: Env, names: readonly string[]): string | undefined {
    for (const name of names) {
        const value = nonEmpty(env[name]);
        if (value !== undefined) return value;
    }
    return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value.trim();
}
