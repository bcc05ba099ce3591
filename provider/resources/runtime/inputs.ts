import { DcsConfigError, assertEndpoint, assertInstanceId, assertProjectId, jobPathProblem, knownRegions } from "../../dcs";
import { PollPolicy, validatePollPolicy, DEFAULT_POLL_POLICY, parseDuration } from "../../jobs";
import { containsUnknown } from "./unknown";

/** A validation failure, as `CheckResult.failures` wants it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Inputs every resource takes. */
export interface CommonInputs {
    /** `<project>/<stack>/<resource name>`, set by the resource class; names progress lines and the resume journal. */
    owner?: string;
    /** Overall deadline as a duration ("30m", "1h"); default 30m. */
    timeout?: string;
    pollPolicy?: Partial<PollPolicy>;
    projectId?: string;
    region?: string;
    endpoint?: string;
    /** Any JSON value; a change means "run again" (replace). */
    triggers?: unknown;
}

export type SwapApi = "async" | "sync" | "auto";

/** Set by the resource classes from their `OperationIntent` sibling (see `operations/intent.ts`). */
export interface IntentFields {
    intentId?: string;
    baselineTaskIds?: string[];
    baselineMaster?: string;
}

export interface SwapInputs extends CommonInputs, IntentFields {
    instanceId: string;
    api?: SwapApi;
    /** False turns off the read-only checks at preview (see `preflight.ts`). */
    preflight?: boolean;
}

export interface ClientIpInputs extends CommonInputs {
    instanceId: string;
    enabled: boolean;
    restoreOnDelete?: boolean;
    preflight?: boolean;
}

export interface DcsJobInputs extends CommonInputs, IntentFields {
    method: "PUT" | "POST" | "DELETE" | "PATCH";
    /** `/v2/{project_id}/...` or `/v2/<project id>/...`; `{project_id}` and `{instance_id}` are filled in (see `jobPathProblem`). */
    path: string;
    body?: unknown;
    instanceId?: string;
}

/** The intent recorded before an operation: what it is about, and the connection to list tasks with. */
export interface IntentResourceInputs extends CommonInputs {
    forKind: "MasterStandbySwap" | "DcsJob";
    instanceId?: string;
    /** Background-task name of the operation, when DCS lists it as a task. */
    taskName?: string;
    /** What identifies the operation (triggers, and for DcsJob the call); a change is a new intent. */
    key?: unknown;
}

export const DEFAULT_TIMEOUT = "30m";
const MAX_TIMEOUT_MS = 24 * 3_600_000;
const DCS_JOB_METHODS = ["PUT", "POST", "DELETE", "PATCH"];

type Rule = (value: unknown) => string | undefined;

const rules = {
    instanceId: fromAssert((v) => assertInstanceId(v)),
    projectId: fromAssert((v) => assertProjectId(v)),
    endpoint: fromAssert((v) => assertEndpoint(v)),
    region: (v) => {
        if (typeof v !== "string" || v.trim() === "") return "must be a non-empty string";
        const known = [...knownRegions("otc"), ...knownRegions("huaweicloud")];
        return known.includes(v) ? undefined : `unknown region ${JSON.stringify(v)}; give an endpoint for a region not in: ${known.join(", ")}`;
    },
    timeout: (v) => {
        if (typeof v !== "string") return `must be a duration string such as "30m" or "1h30m", got ${typeName(v)}`;
        const ms = parseDuration(v);
        if (ms === undefined) return `must be a duration such as "30m", "1h30m" or "90s", got ${JSON.stringify(v)}`;
        if (ms < 1000) return "must be at least 1s";
        if (ms > MAX_TIMEOUT_MS) return "must be at most 24h";
        return undefined;
    },
    pollPolicy: (v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return "must be an object";
        const allowed = Object.keys(DEFAULT_POLL_POLICY);
        const extra = Object.keys(v).find((k) => !allowed.includes(k));
        if (extra) return `unknown field ${JSON.stringify(extra)}; allowed: ${allowed.join(", ")}`;
        try {
            validatePollPolicy({ ...DEFAULT_POLL_POLICY, ...(v as Partial<PollPolicy>) });
            return undefined;
        } catch (error) {
            return (error as Error).message.replace(/^pollPolicy\./, "");
        }
    },
    triggers: (v) => jsonProblem(v),
    body: (v) => jsonProblem(v),
    boolean: (v) =>
        typeof v === "boolean" ? undefined : `must be a boolean (true or false), got ${typeName(v)}${typeof v === "string" ? ` ${JSON.stringify(v)}` : ""}`,
    api: (v) => (v === "async" || v === "sync" || v === "auto" ? undefined : `must be "async", "sync" or "auto", got ${JSON.stringify(v)}`),
    method: (v) =>
        typeof v === "string" && DCS_JOB_METHODS.includes(v) ? undefined : `must be one of ${DCS_JOB_METHODS.join(", ")}, got ${JSON.stringify(v)}`,
    // Shape only: a literal project id needs config and `{instance_id}` needs instanceId (kinds/dcs-job.ts checkAgainstConfig).
    path: (v) => (typeof v === "string" ? jobPathProblem(v) : `must be a string, got ${typeName(v)}`),
    owner: (v) => (typeof v === "string" ? undefined : `must be a string, got ${typeName(v)}`),
    intentId: (v) =>
        typeof v === "string" && /^[0-9a-f]{32}$/.test(v) ? undefined : "must be the 32-hex id of an OperationIntent (set by the resource class)",
    nodeId: (v) => (typeof v === "string" && /^[\w.:-]{1,128}$/.test(v) ? undefined : "must be a node id (set by the resource class)"),
    taskIds: (v) =>
        Array.isArray(v) && v.every((id) => typeof id === "string") ? undefined : "must be a list of background-task ids (set by the resource class)",
    forKind: (v) => (v === "MasterStandbySwap" || v === "DcsJob" ? undefined : `must be "MasterStandbySwap" or "DcsJob", got ${JSON.stringify(v)}`),
    taskName: (v) => (typeof v === "string" && /^[A-Za-z]{1,64}$/.test(v) ? undefined : "must be a background-task name such as masterStandbySwapJob"),
} satisfies Record<string, Rule>;

type Field = [name: string, rule: Rule, required: boolean];

const COMMON: Field[] = [
    ["owner", rules.owner, false],
    ["timeout", rules.timeout, false],
    ["pollPolicy", rules.pollPolicy, false],
    ["projectId", rules.projectId, false],
    ["region", rules.region, false],
    ["endpoint", rules.endpoint, false],
    ["triggers", rules.triggers, false],
];

const INTENT: Field[] = [
    ["intentId", rules.intentId, false],
    ["baselineTaskIds", rules.taskIds, false],
    ["baselineMaster", rules.nodeId, false],
];

/** Field rules per resource kind. */
export const FIELDS: Record<ResourceKind, Field[]> = {
    MasterStandbySwap: [["instanceId", rules.instanceId, true], ["api", rules.api, false], ["preflight", rules.boolean, false], ...INTENT, ...COMMON],
    ClientIpPassthrough: [
        ["instanceId", rules.instanceId, true],
        ["enabled", rules.boolean, true],
        ["restoreOnDelete", rules.boolean, false],
        ["preflight", rules.boolean, false],
        ...COMMON,
    ],
    DcsJob: [
        ["method", rules.method, true],
        ["path", rules.path, true],
        ["body", rules.body, false],
        ["instanceId", rules.instanceId, false],
        ...INTENT,
        ...COMMON,
    ],
    OperationIntent: [
        ["forKind", rules.forKind, true],
        ["instanceId", rules.instanceId, false],
        ["taskName", rules.taskName, false],
        ["key", rules.triggers, false],
        ...COMMON.filter(([name]) => name !== "pollPolicy" && name !== "triggers"),
    ],
};

export type ResourceKind = "MasterStandbySwap" | "ClientIpPassthrough" | "DcsJob" | "OperationIntent";

/**
 * Validates inputs without any API call. Unknown values (preview) are skipped, as are
 * `undefined` optional fields; unexpected fields are reported so typos do not pass silently.
 */
export function validateInputs(kind: ResourceKind, inputs: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fields = FIELDS[kind];
    for (const [name, rule, required] of fields) {
        const value = inputs[name];
        if (value === undefined || value === null) {
            if (required) failures.push({ property: name, reason: "is required" });
            continue;
        }
        if (containsUnknown(value)) continue;
        const reason = rule(value);
        if (reason) failures.push({ property: name, reason });
    }
    const known = new Set(["__provider", ...fields.map(([name]) => name)]);
    for (const name of Object.keys(inputs)) {
        if (!known.has(name)) failures.push({ property: name, reason: `is not an input of ${kind}` });
    }
    return failures;
}

/** Timeout in milliseconds, defaulted. Call only after validation. */
export function timeoutMs(inputs: CommonInputs): number {
    return parseDuration(inputs.timeout ?? DEFAULT_TIMEOUT)!;
}

function fromAssert(assert: (v: unknown) => unknown): Rule {
    return (value) => {
        try {
            assert(value);
            return undefined;
        } catch (error) {
            if (error instanceof DcsConfigError) return error.message.slice(error.field.length + 2);
            throw error;
        }
    };
}

function jsonProblem(value: unknown, path = ""): string | undefined {
    switch (typeof value) {
        case "string":
        case "boolean":
            return undefined;
        case "number":
            return Number.isFinite(value) ? undefined : `must be JSON-serializable; ${path || "value"} is ${value}`;
        case "object": {
            if (value === null) return undefined;
            const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
            for (const [key, child] of entries) {
                const problem = jsonProblem(child, path ? `${path}.${key}` : key);
                if (problem) return problem;
            }
            return undefined;
        }
        default:
            return `must be JSON-serializable; ${path || "value"} is a ${typeof value}`;
    }
}

function typeName(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
