import { Clock, DcsClient, DcsConfigError, DcsCredentials, RequestBudget } from "../../dcs";
import { runtimeClock } from "./clock";
import { engineSignal } from "./engine-watch";
import { engineDebug } from "./engine-log";
import { DEFAULT_MAX_REQUESTS_PER_SECOND, MAX_REQUESTS_PER_SECOND_LIMIT } from "./defaults";
import { ConnectionInputs } from "./fields/shared";
import type { ConfigKey } from "./config-keys";

/** The subset of Pulumi's `ConfigureRequest.config` we use; kept structural so the runtime needs no Pulumi import. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** Provider-wide settings from stack config (`dcs:*`); anything unset falls back to the environment. */
interface ProviderSettings {
    accessKey?: string;
    secretKey?: string;
    securityToken?: string;
    token?: string;
    projectId?: string;
    region?: string;
    cloud?: "otc" | "huaweicloud";
    endpoint?: string;
    maxRequestsPerSecond: number;
    /** `dcs:strictPreview`: "true" makes preflight warnings fail `check`; kept as given, validated in `settingsProblem`. */
    strictPreview?: string;
}

let settings: ProviderSettings = { maxRequestsPerSecond: DEFAULT_MAX_REQUESTS_PER_SECOND };
let budget: { of: RequestBudget; clock: Clock } | undefined;

/**
 * Reads `dcs:*` keys. Stores plain values synchronously: the provider host may run a CRUD call
 * before `configure` resolves, and never retries a failed `configure`.
 */
export function configureFrom(config: ConfigSource, env: Record<string, string | undefined> = process.env): void {
    const read = (key: ConfigKey) => nonEmpty(config.get(`dcs:${key}`));
    const rate = read("maxRequestsPerSecond") ?? nonEmpty(env.DCS_MAX_REQUESTS_PER_SECOND);
    const cloud = read("cloud");
    settings = {
        accessKey: read("accessKey"),
        secretKey: read("secretKey"),
        securityToken: read("securityToken"),
        token: read("token"),
        projectId: read("projectId"),
        region: read("region"),
        cloud: cloud as ProviderSettings["cloud"],
        endpoint: read("endpoint"),
        maxRequestsPerSecond: rate === undefined ? DEFAULT_MAX_REQUESTS_PER_SECOND : Number(rate),
        strictPreview: read("strictPreview"),
    };
    budget = undefined;
}

/** Problems with the provider configuration, named by config key; checked before any call. */
function settingsProblem(): DcsConfigError | undefined {
    const rate = settings.maxRequestsPerSecond;
    if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_REQUESTS_PER_SECOND_LIMIT)
        return new DcsConfigError("dcs:maxRequestsPerSecond", `must be a number greater than 0 and at most ${MAX_REQUESTS_PER_SECOND_LIMIT}`);
    if (settings.cloud !== undefined && settings.cloud !== "otc" && settings.cloud !== "huaweicloud") {
        return new DcsConfigError("dcs:cloud", `must be "otc" or "huaweicloud", got ${JSON.stringify(settings.cloud)}`);
    }
    if (settings.strictPreview !== undefined && settings.strictPreview !== "true" && settings.strictPreview !== "false") {
        return new DcsConfigError("dcs:strictPreview", `must be true or false, got ${JSON.stringify(settings.strictPreview)}`);
    }
    if ((settings.accessKey === undefined) !== (settings.secretKey === undefined)) {
        return new DcsConfigError(settings.accessKey ? "dcs:secretKey" : "dcs:accessKey", "dcs:accessKey and dcs:secretKey must be set together");
    }
    return undefined;
}

/**
 * `dcs:strictPreview` (default false): when true, a preflight finding that predicts a failing `up`
 * (no usable credentials, credentials refused, endpoint unreachable, instance busy) fails `check`
 * instead of being a warning. For pull-request gates.
 */
export function strictPreview(): boolean {
    return settings.strictPreview === "true";
}

/** The one request budget of this provider process, shared by every resource in the deployment; on the runtime's clock. */
function sharedBudget(clock: Clock): RequestBudget {
    // A new clock (a test's virtual one) gets its own budget: token times on one clock mean nothing on another.
    if (budget?.clock !== clock) budget = { of: new RequestBudget(settings.maxRequestsPerSecond, undefined, clock), clock };
    return budget.of;
}

/** A client for one resource: resource inputs win over stack config, which wins over the environment. */
export function clientFor(inputs: ConnectionInputs, signal?: AbortSignal): DcsClient {
    const problem = settingsProblem();
    if (problem) throw problem;
    const clock = runtimeClock();
    try {
        return new DcsClient({
            projectId: inputs.projectId ?? settings.projectId,
            endpoint: inputs.endpoint ?? (inputs.region ? undefined : settings.endpoint),
            region: inputs.region ?? settings.region,
            cloud: settings.cloud,
            credentials: credentialsFromSettings(),
            budget: sharedBudget(clock),
            clock,
            signal: signal ?? engineSignal(),
            onExchange: (e) =>
                engineDebug(
                    `${e.method} ${e.path} (${e.operation}) → ${e.outcome}${e.requestId ? `, request id ${e.requestId}` : ""}, ${Math.round(e.durationMs)} ms`,
                ),
        });
    } catch (error) {
        throw error instanceof DcsConfigError ? asConfigKeyError(error) : error;
    }
}

/**
 * `resolveConnection` names library fields (`projectId`, `credentials`); a Pulumi user sets `dcs:*`
 * keys. Inputs were validated by check, so a connection error here comes from config or environment.
 */
function asConfigKeyError(error: DcsConfigError): DcsConfigError {
    const problem = error.problem;
    if (error.field === "credentials") {
        return new DcsConfigError(
            "dcs:accessKey",
            "no credentials: set dcs:accessKey and dcs:secretKey (secret), or dcs:token; " +
                "or OS_ACCESS_KEY/OS_SECRET_KEY, HW_ACCESS_KEY/HW_SECRET_KEY, OS_AUTH_TOKEN or HW_AUTH_TOKEN",
        );
    }
    const field = error.field.replace(/^credentials\./, "");
    return ["projectId", "region", "endpoint", "cloud", "accessKey", "secretKey", "securityToken", "token"].includes(field)
        ? new DcsConfigError(`dcs:${field}`, problem)
        : error;
}

function credentialsFromSettings(): DcsCredentials | undefined {
    if (settings.accessKey && settings.secretKey) {
        return settings.securityToken
            ? { accessKey: settings.accessKey, secretKey: settings.secretKey, securityToken: settings.securityToken }
            : { accessKey: settings.accessKey, secretKey: settings.secretKey };
    }
    if (settings.token) return { token: settings.token };
    return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value.trim();
}
