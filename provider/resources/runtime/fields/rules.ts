import { DcsConfigError, assertEndpoint, assertInstanceId, assertProjectId, jobPathProblem, knownRegions } from "../../../dcs";
import { DEFAULT_POLL_POLICY, PollPolicy, formatDuration, parseDuration, validatePollPolicy } from "../../../jobs";
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from "../defaults";

/** Checks one input value (never unknown, never undefined); returns the problem, or undefined when the value is fine. */
export type Rule = (value: unknown) => string | undefined;

const DCS_JOB_METHODS = ["PUT", "POST", "DELETE", "PATCH"];
const instanceId: Rule = fromAssert((v) => assertInstanceId(v));

/** The validation rules inputs use, by what they check. Each message completes "<property> ...". */
export const rules = {
    instanceId,
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
        if (ms < MIN_TIMEOUT_MS) return `must be at least ${formatDuration(MIN_TIMEOUT_MS)}`;
        if (ms > MAX_TIMEOUT_MS) return `must be at most ${formatDuration(MAX_TIMEOUT_MS)}`;
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
            if (error instanceof DcsConfigError) return `${error.field.replace(/^pollPolicy\./, "")} ${error.problem}`;
            throw error;
        }
    },
    json: (v) => jsonProblem(v),
    boolean: (v) =>
        typeof v === "boolean" ? undefined : `must be a boolean (true or false), got ${typeName(v)}${typeof v === "string" ? ` ${JSON.stringify(v)}` : ""}`,
    api: (v) => (v === "async" || v === "sync" || v === "auto" ? undefined : `must be "async", "sync" or "auto", got ${JSON.stringify(v)}`),
    method: (v) =>
        typeof v === "string" && DCS_JOB_METHODS.includes(v) ? undefined : `must be one of ${DCS_JOB_METHODS.join(", ")}, got ${JSON.stringify(v)}`,
    // Shape only: a literal project id needs config and `{instance_id}` needs instanceId (kinds/dcs-job.ts checkAgainstConfig).
    path: (v) => (typeof v === "string" ? jobPathProblem(v) : `must be a string, got ${typeName(v)}`),
    text: (v) => (typeof v === "string" ? undefined : `must be a string, got ${typeName(v)}`),
    /** A DCS job or background-task id, as the console or the task list shows it. */
    dcsId: (v) =>
        typeof v === "string" && /^[0-9A-Za-z][0-9A-Za-z-]{7,63}$/.test(v)
            ? undefined
            : `must be a DCS job or task id (8–64 letters, digits and dashes), got ${typeof v === "string" ? JSON.stringify(v) : typeName(v)}`,
    intentId: (v) =>
        typeof v === "string" && /^[0-9a-f]{32}$/.test(v) ? undefined : "must be the 32-hex id of an OperationIntent (set by the resource class)",
    nodeId: (v) => (typeof v === "string" && /^[\w.:-]{1,128}$/.test(v) ? undefined : "must be a node id (set by the resource class)"),
    taskIds: (v) =>
        Array.isArray(v) && v.every((id) => typeof id === "string") ? undefined : "must be a list of background-task ids (set by the resource class)",
    forKind: (v) => (v === "MasterStandbySwap" || v === "DcsJob" ? undefined : `must be "MasterStandbySwap" or "DcsJob", got ${JSON.stringify(v)}`),
    taskName: (v) => (typeof v === "string" && /^[A-Za-z]{1,64}$/.test(v) ? undefined : "must be a background-task name such as masterStandbySwapJob"),
    instanceIds: (v) => {
        if (!Array.isArray(v) || v.length === 0) return "must be a non-empty list of instance ids";
        for (const [i, id] of v.entries()) {
            const problem = instanceId(id);
            if (problem) return `[${i}] ${problem}`;
        }
        return new Set(v).size === v.length ? undefined : "must not list an instance twice";
    },
    fleet: (v) => {
        const f = v as { name?: unknown; key?: unknown; continueOnFailure?: unknown } | null;
        return typeof f === "object" &&
            f !== null &&
            typeof f.name === "string" &&
            (f.key === undefined || typeof f.key === "string") &&
            typeof f.continueOnFailure === "boolean"
            ? undefined
            : "must be { name, key, continueOnFailure } (set by RollingSwap)";
    },
    swapOutcomes: (v) =>
        Array.isArray(v) && v.every((o) => typeof o === "object" && o !== null && typeof o.instanceId === "string")
            ? undefined
            : "must be a list of { instanceId, status, failReason } (set by RollingSwap)",
    resolution: (v) => {
        const r = v as { intentId?: unknown; outcome?: unknown } | null;
        if (typeof r !== "object" || r === null || Array.isArray(r)) return 'must be { intentId, outcome: "done" | "not-done" }';
        const extra = Object.keys(r).find((k) => k !== "intentId" && k !== "outcome");
        if (extra) return `unknown field ${JSON.stringify(extra)}; allowed: intentId, outcome`;
        if (typeof r.intentId !== "string" || !/^([0-9a-f]{32}|legacy)$/.test(r.intentId))
            return 'intentId must be the intent id the error named (32 hex digits, or "legacy" for state written by 0.1)';
        return r.outcome === "done" || r.outcome === "not-done" ? undefined : `outcome must be "done" or "not-done", got ${JSON.stringify(r.outcome)}`;
    },
    durationMs: (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : `must be a duration in ms >= 0, got ${JSON.stringify(v)}`),
} satisfies Record<string, Rule>;

function fromAssert(assert: (v: unknown) => unknown): Rule {
    return (value) => {
        try {
            assert(value);
            return undefined;
        } catch (error) {
            if (error instanceof DcsConfigError) return error.problem;
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
