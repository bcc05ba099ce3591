import type { DcsInstance, PreflightFinding } from "../../dcs";
import { DiffResult, diffInputs, sameJson } from "./diff";
import { Fields, InputsOf, OnChange } from "./fields/field";
import { containsUnknown } from "./unknown";

/** A validation failure, as `CheckResult.failures` wants it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Resource outputs (and old state), as the engine hands them over. */
export type Outputs = Record<string, unknown>;

/**
 * Everything about one resource kind: its inputs (validation, whether a change replaces, runs
 * again or updates in place), its outputs, its extra checks, and the provider methods. `check`,
 * `diff`, the output list and the public Args type are all derived from `fields`.
 */
export interface KindDefinition<F extends Fields = Fields> {
    /** The name the shim passes to the runtime, and Pulumi's type name (`dcs:<kind>`). */
    readonly kind: string;
    readonly fields: F;
    /** Outputs beyond the echoed inputs; the resource class pre-declares them. */
    readonly outputs: readonly string[];
    /** False where another resource reports connection problems for this one (the intent, for its owner). */
    readonly checksConnection: boolean;
    /** Checks that need several inputs at once, or the configuration; run once every field passed. */
    checkInputs?(inputs: InputsOf<F>): CheckFailure[];
    /** Read-only findings on the instance at preview; kinds without it make no read. */
    preflight?(instance: DcsInstance, inputs: InputsOf<F>): PreflightFinding[];
    /** Read-only checks at preview that need more than one instance; replaces the `preflight` read. */
    checkRemote?(olds: Outputs | undefined, news: InputsOf<F>): Promise<CheckFailure[]>;
    /** A promise where the diff reads something first (a resuming swap's preflight). */
    diff(olds: Outputs, news: InputsOf<F>): DiffResult | Promise<DiffResult>;
    create(inputs: InputsOf<F>): Promise<{ id: string; outs: Outputs }>;
    update(id: string, olds: Outputs, news: InputsOf<F>): Promise<{ outs: Outputs }>;
    read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }>;
    delete(id: string, props: Outputs): Promise<void>;
}

/** Ties a definition's methods to the input type its fields give. */
export function defineKind<F extends Fields>(definition: KindDefinition<F>): KindDefinition<F> {
    return definition;
}

/**
 * Validates inputs without any API call. Unknown values (preview) are skipped, as are absent
 * optional fields; unexpected fields are reported so that typos do not pass silently.
 */
export function validateInputs(definition: KindDefinition, inputs: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const [name, field] of Object.entries(definition.fields)) {
        const value = inputs[name];
        if (value === undefined || value === null) {
            if (field.required) failures.push({ property: name, reason: "is required" });
            continue;
        }
        if (containsUnknown(value)) continue;
        const reason = field.rule(value);
        if (reason) failures.push({ property: name, reason });
    }
    for (const [name, value] of Object.entries(inputs)) {
        // An undefined value is an absent input (the engine never sends one).
        if (value !== undefined && name !== "__provider" && !(name in definition.fields))
            failures.push({ property: name, reason: `is not an input of ${definition.kind}` });
    }
    return failures;
}

/** The inputs whose change does one of `changes`. */
function keysWhere(fields: Fields, ...changes: OnChange[]): string[] {
    return Object.entries(fields)
        .filter(([, field]) => changes.includes(field.onChange))
        .map(([name]) => name);
}

/**
 * `diff` from a kind's field table. `replaceable: false` turns replaces into updates (state adopted
 * from a bare job id must be finished, never replaced); `forceUpdate` marks a resource whose last
 * operation did not succeed, so that `update` can finish it.
 */
export function diffFields(fields: Fields, olds: Outputs, news: object, options: { replaceable: boolean; forceUpdate: boolean }): DiffResult {
    const compared = keysWhere(fields, "replace", "rerun", "update");
    const replaceKeys = options.replaceable ? keysWhere(fields, "replace") : [];
    // Bookkeeping the class takes from another resource (the intent) is unknown at preview whenever that
    // resource changes, or when its state predates an output: the change that matters shows on a public
    // input (a new intent comes with new `triggers`), and `up` compares the real values again.
    const unknownIsSame = Object.entries(fields)
        .filter(([, field]) => field.internal)
        .map(([name]) => name);
    return diffInputs(olds, news as Outputs, compared, replaceKeys, options.forceUpdate, unknownIsSame);
}

/** True when no input whose change runs the operation again has changed (preflight then has nothing to check). */
export function runsAgainUnchanged(definition: KindDefinition, olds: Outputs, news: Outputs): boolean {
    return keysWhere(definition.fields, "replace", "rerun").every((key) => sameJson(olds[key], news[key]));
}

/** The fields the resource class sets (owner, intent, rolling swap): bookkeeping, stored hidden (`state-keys.ts`). */
export function internalKeys(definition: KindDefinition): string[] {
    return Object.entries(definition.fields)
        .filter(([, field]) => field.internal)
        .map(([name]) => name);
}

/** Every output key the resource class pre-declares: the public inputs and the kind's outputs. */
export function outputKeys(definition: KindDefinition): string[] {
    const inputs = Object.entries(definition.fields).filter(([, field]) => !field.internal);
    return [...inputs.map(([name]) => name), ...definition.outputs];
}
