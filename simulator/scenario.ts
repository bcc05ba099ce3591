import { readFile } from "node:fs/promises";
import { BEHAVIOUR_FIELDS, pickBehaviour, validateBehaviour } from "./behaviour";
import { FAULT_KINDS, FaultSpec, InstanceScenario, OPERATIONS, RateLimit, ScenarioFile } from "./types";
import { DcsError } from "../provider/dcs/errors";

export const DEFAULT_SCENARIO: Readonly<InstanceScenario> = Object.freeze({
    exists: true,
    cacheMode: "ha",
    engineVersion: "5.0",
    status: "RUNNING",
    transparentClientIpEnable: true,
    enableSsl: false,
    jobInitMs: 300,
    jobDurationMs: 2000,
    failReason: null,
    busyForMs: 0,
    busyCode: "DCS.4049",
    jobNotFoundMs: 0,
    asyncSwapUnsupported: false,
    taskWaitingMs: 0,
    latencyMs: 0,
});

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type FieldType = "boolean" | "string" | "duration" | "nullable-string";

const FIELD_TYPES: Record<keyof InstanceScenario, FieldType> = {
    exists: "boolean",
    cacheMode: "string",
    engineVersion: "string",
    status: "string",
    transparentClientIpEnable: "boolean",
    enableSsl: "boolean",
    jobInitMs: "duration",
    jobDurationMs: "duration",
    failReason: "nullable-string",
    busyForMs: "duration",
    busyCode: "string",
    jobNotFoundMs: "duration",
    asyncSwapUnsupported: "boolean",
    taskWaitingMs: "duration",
    latencyMs: "duration",
};

// Scenarios arrive as JSON from admin calls and files: reject typos loudly instead of ignoring them.
export function validateScenario(value: unknown, where = "scenario"): Partial<InstanceScenario> {
    const o = asPlainObject(value, where);
    for (const [key, v] of Object.entries(o)) {
        const type = FIELD_TYPES[key as keyof InstanceScenario];
        if (!type) throw new DcsError(`${where}: unknown field "${key}" (known: ${Object.keys(FIELD_TYPES).join(", ")})`);
        const ok =
            type === "boolean"
                ? typeof v === "boolean"
                : type === "string"
                  ? typeof v === "string" && v !== ""
                  : type === "nullable-string"
                    ? v === null || typeof v === "string"
                    : typeof v === "number" && Number.isFinite(v) && v >= 0;
        if (!ok) throw new DcsError(`${where}.${key}: expected ${type === "duration" ? "a number of milliseconds >= 0" : type}`);
    }
    if (o.busyCode !== undefined && !/^DCS\.\d{4}$/.test(o.busyCode as string)) throw new DcsError(`${where}.busyCode: expected a DCS.nnnn code`);
    return o as Partial<InstanceScenario>;
}

export function validateFault(value: unknown, where = "fault"): FaultSpec {
    const o = asPlainObject(value, where);
    const known = ["operation", "kind", "count", "instanceId", "delayMs", ...CANNED_FIELDS];
    const unknown = Object.keys(o).find((k) => !known.includes(k));
    if (unknown) throw new DcsError(`${where}: unknown field "${unknown}"`);
    if (o.operation !== "any" && !OPERATIONS.includes(o.operation as never))
        throw new DcsError(`${where}.operation: expected "any" or one of ${OPERATIONS.join(", ")}`);
    if (o.kind !== "canned" && !FAULT_KINDS.includes(o.kind as never)) throw new DcsError(`${where}.kind: expected one of ${FAULT_KINDS.join(", ")}, canned`);
    if (o.count !== undefined && !(Number.isInteger(o.count) && (o.count as number) >= 1)) throw new DcsError(`${where}.count: expected an integer >= 1`);
    if (o.instanceId !== undefined && typeof o.instanceId !== "string") throw new DcsError(`${where}.instanceId: expected a string`);
    if (o.delayMs !== undefined && !(typeof o.delayMs === "number" && Number.isFinite(o.delayMs) && o.delayMs >= 0))
        throw new DcsError(`${where}.delayMs: expected a number >= 0`);
    validateCanned(o, where);
    return o as unknown as FaultSpec;
}

const CANNED_FIELDS = ["path", "status", "body", "contentType"];

/** A "canned" fault needs `status` and `body`; its extra fields are refused on any other kind. */
function validateCanned(o: Record<string, unknown>, where: string): void {
    if (o.kind !== "canned") {
        const extra = CANNED_FIELDS.find((k) => o[k] !== undefined);
        if (extra) throw new DcsError(`${where}.${extra}: only allowed with kind "canned"`);
        return;
    }
    if (!(Number.isInteger(o.status) && (o.status as number) >= 200 && (o.status as number) <= 599)) {
        throw new DcsError(`${where}.status: expected an integer HTTP status 200..599`);
    }
    if (typeof o.body !== "string") throw new DcsError(`${where}.body: expected a string (the raw answer body)`);
    if (o.contentType !== undefined && !(typeof o.contentType === "string" && /^[\x21-\x7e][\x20-\x7e]*$/.test(o.contentType))) {
        throw new DcsError(`${where}.contentType: expected a non-empty header value`);
    }
    if (o.path !== undefined) {
        if (typeof o.path !== "string" || o.path === "") throw new DcsError(`${where}.path: expected a regular expression string`);
        try {
            new RegExp(o.path);
        } catch (error) {
            throw new DcsError(`${where}.path: not a valid regular expression (${(error as Error).message})`, { cause: error });
        }
    }
}

export function validateFaults(value: unknown, where = "faults"): FaultSpec[] {
    return Array.isArray(value) ? value.map((f, i) => validateFault(f, `${where}[${i}]`)) : [validateFault(value, where)];
}

/** `null` (or a rate of 0) means "no rate limit". */
export function validateRateLimit(value: unknown, where = "rateLimit"): RateLimit | undefined {
    if (value === null || value === undefined) return undefined;
    const o = asPlainObject(value, where);
    const rate = o.requestsPerSecond;
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) throw new DcsError(`${where}.requestsPerSecond: expected a number >= 0`);
    const retryAfter = o.retryAfterSeconds;
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && (retryAfter as number) >= 0)) {
        throw new DcsError(`${where}.retryAfterSeconds: expected an integer >= 0`);
    }
    if (rate === 0) return undefined;
    return retryAfter === undefined ? { requestsPerSecond: rate } : { requestsPerSecond: rate, retryAfterSeconds: retryAfter as number };
}

export function validateInstanceId(id: unknown): string {
    if (typeof id !== "string" || !UUID.test(id)) throw new DcsError(`instance id must be a UUID, got ${JSON.stringify(id)}`);
    return id;
}

export function validateScenarioFile(value: unknown, where: string): ScenarioFile {
    const o = asPlainObject(value, where);
    const known = ["defaultScenario", "instances", "faults", "rateLimit", ...BEHAVIOUR_FIELDS];
    const unknown = Object.keys(o).find((k) => !known.includes(k));
    if (unknown) throw new DcsError(`${where}: unknown top-level field "${unknown}" (known: ${known.join(", ")})`);
    const behaviour = validateBehaviour(pickBehaviour(o), `${where}:`);
    const instances: Record<string, Partial<InstanceScenario>> = {};
    for (const [id, scenario] of Object.entries(asPlainObject(o.instances ?? {}, `${where}: instances`))) {
        instances[validateInstanceId(id)] = validateScenario(scenario, `${where}: instances["${id}"]`);
    }
    return {
        ...behaviour,
        defaultScenario: o.defaultScenario === undefined ? undefined : validateScenario(o.defaultScenario, `${where}: defaultScenario`),
        instances,
        faults: o.faults === undefined ? [] : validateFaults(o.faults, `${where}: faults`),
        rateLimit: validateRateLimit(o.rateLimit, `${where}: rateLimit`),
    };
}

export async function loadScenarioFile(path: string): Promise<ScenarioFile> {
    const text = await readFile(path, "utf8");
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new DcsError(`scenario file ${path}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    return validateScenarioFile(json, `scenario file ${path}`);
}

function asPlainObject(value: unknown, where: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DcsError(`${where}: expected a JSON object`);
    return value as Record<string, unknown>;
}
