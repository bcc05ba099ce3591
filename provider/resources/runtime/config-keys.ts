import { ENV_VARS } from "../../dcs";

/** One `dcs:*` stack config key the provider reads. */
export interface ConfigKeySpec {
    /** What it sets: the provider schema's description. */
    readonly description: string;
    /** The value's type; stack config holds strings, read as this type. */
    readonly type: "string" | "number" | "boolean";
    /** A credential: a secret in the schema, never in state, logs or error text. */
    readonly secret?: boolean;
    /** Environment variables read when the key is unset, in order (`ENV_VARS`). */
    readonly env?: readonly string[];
}

/** Every `dcs:*` key, by name: the settings read these, and the plugin schema's provider config comes from them. */
export const CONFIG_KEYS = {
    accessKey: {
        description: "Access key (AK) of AK/SK signing (`SDK-HMAC-SHA256`); set with `secretKey`.",
        type: "string",
        secret: true,
        env: ENV_VARS.accessKey,
    },
    secretKey: { description: "Secret key (SK) of AK/SK signing; set with `accessKey`.", type: "string", secret: true, env: ENV_VARS.secretKey },
    securityToken: {
        description: "Security token of temporary AK/SK (`X-Security-Token`).",
        type: "string",
        secret: true,
        env: ENV_VARS.securityToken,
    },
    token: { description: "IAM token (`X-Auth-Token`), used when no AK/SK is set.", type: "string", secret: true, env: ENV_VARS.token },
    projectId: { description: "The project id (32 hex digits) in every DCS path.", type: "string", env: ENV_VARS.projectId },
    region: {
        description: "The region, e.g. `eu-de` (Open Telekom Cloud) or `ap-southeast-1` (Huawei Cloud); gives the endpoint.",
        type: "string",
        env: ENV_VARS.region,
    },
    cloud: { description: '`"otc"` or `"huaweicloud"`; inferred from the region when unset.', type: "string" },
    endpoint: {
        description: "The full DCS endpoint; wins over the region. https only, except http to a loopback address (the simulator).",
        type: "string",
        env: ENV_VARS.endpoint,
    },
    maxRequestsPerSecond: {
        description: "One request budget for the whole deployment (default 20).",
        type: "number",
        env: ["DCS_MAX_REQUESTS_PER_SECOND"],
    },
    strictPreview: { description: "`true`: preflight findings that predict a failing `up` fail the preview (default `false`).", type: "boolean" },
} as const satisfies Record<string, ConfigKeySpec>;

/** The name of a `dcs:*` key. */
export type ConfigKey = keyof typeof CONFIG_KEYS;
