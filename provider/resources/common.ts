import * as pulumi from "@pulumi/pulumi";
import { DcsConfigError } from "../dcs";
import { ArgsOf } from "./runtime/fields/field";
import { CONNECTION_FIELDS } from "./runtime/fields/shared";
import { KindDefinition, outputKeys, validateInputs } from "./runtime/kind";
import { hideInternal } from "./runtime/state-keys";

export type { CommonArgs } from "./args";
import type { CommonArgs } from "./args";

/** The user-set connection inputs (every public field of `CONNECTION_FIELDS`). */
type ConnectionArgs = ArgsOf<typeof CONNECTION_FIELDS>;
const CONNECTION_ARG_KEYS = Object.entries(CONNECTION_FIELDS)
    .filter(([, field]) => !field.internal)
    .map(([name]) => name as keyof ConnectionArgs);

/** The connection inputs of a resource, for the intent it registers beside itself; taken from the field table, so a new one follows. */
export function connectionArgs(args: CommonArgs): ConnectionArgs {
    return Object.fromEntries(CONNECTION_ARG_KEYS.map((key) => [key, args[key]])) as ConnectionArgs;
}

/**
 * Builds the props for `dynamic.Resource`: a fresh object (the base class adds `__provider` and
 * would otherwise mutate the caller's args), with every output key of the kind pre-declared so it
 * becomes an `Output`, and the owner name used by progress lines and the resume journal. The
 * fields the class sets (owner, intent, rolling swap) go under hidden names (`runtime/state-keys.ts`),
 * so Pulumi never shows them as changes.
 */
export function resourceProps(name: string, definition: KindDefinition, args: object): Record<string, unknown> {
    assertSerializable(args);
    const props: Record<string, unknown> = {};
    for (const key of outputKeys(definition)) props[key] = undefined;
    Object.assign(props, args);
    props.owner = `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    return hideInternal(definition, props);
}

/**
 * Runs a class's argument checks. A bad argument ends the program with one line naming the
 * resource and the property: Pulumi prints a `RunError`'s message without the stack, and the
 * marker (its own `isInstance` test) keeps the error a `DcsConfigError` for code that catches it.
 */
export function checkedArgs<T>(kind: string, name: string, check: () => T): T {
    try {
        return check();
    } catch (error) {
        if (!(error instanceof DcsConfigError)) throw error;
        error.message = `${kind} "${name}": ${error.message}`;
        throw Object.assign(error, { __pulumiRunError: true });
    }
}

/**
 * `import` cannot work for a dynamic resource: the engine calls `read` without the provider
 * (pulumi/pulumi#3550, #16175) and fails with a gRPC stack trace. Refused here, with the way that works.
 */
export function refuseImport(kind: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
    if (opts?.import === undefined) return;
    const instead =
        kind === "MasterStandbySwap"
            ? 'to record a swap made outside Pulumi without swapping again, set adoptSwap: "<its job or task id>" instead (README, "A swap made by hand")'
            : "create the resource without it: it runs its operation once, as any new resource";
    checkedArgs(kind, name, () => {
        throw new DcsConfigError("import", `dynamic providers cannot import (pulumi/pulumi#3550); ${instead}`);
    });
}

/**
 * The field table's checks, run in the program on the arguments already known (plain values; an
 * `Output` or a promise is left to the provider's `check`), so that a bad one is reported on the
 * resource the user declared, before anything registers (not on its `-intent`). `only`: check just
 * these fields and no unknown-key rule (a component passing some of its args on).
 */
export function validateKnownArgs(definition: KindDefinition, args: object, only?: readonly string[]): void {
    const given = Object.entries(args as Record<string, unknown>).filter(([name]) => !only || only.includes(name));
    // The class sets the internal fields; a user who passes one has made a typo or reached too far.
    const internal = given.find(([name, value]) => value !== undefined && definition.fields[name]?.internal);
    if (internal) throw new DcsConfigError(internal[0], `is not an input of ${definition.kind}`);
    const known = Object.fromEntries(given.filter(([, value]) => !pending(value)));
    // The provider's own rules; a field whose value is pending is not missing, and `only` asks for no required ones.
    const failure = validateInputs(definition, known).find(({ property }) =>
        only ? property in known : !given.some(([name]) => name === property) || property in known,
    );
    if (failure) throw new DcsConfigError(failure.property, failure.reason);
}

/** Holds a value only the engine resolves (an `Output`, a promise, a resource), at any depth. */
function pending(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value) || value instanceof Promise) return true;
    if (Array.isArray(value)) return value.some(pending);
    if (typeof value === "object" && value !== null) return Object.values(value).some(pending);
    return false;
}

/** Catches values the engine cannot carry (functions, BigInt, symbols) with a message naming the property. */
export function assertSerializable(args: object): void {
    const visit = (value: unknown, path: string): void => {
        if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return;
        const t = typeof value;
        if (t === "function" || t === "bigint" || t === "symbol") throw new DcsConfigError(path, `must be JSON-serializable, got a ${t}`);
        if (t === "number" && !Number.isFinite(value as number)) throw new DcsConfigError(path, `must be JSON-serializable, got ${String(value)}`);
        if (value instanceof Promise) return;
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
        else if (t === "object" && value !== null) for (const [k, v] of Object.entries(value as object)) visit(v, path ? `${path}.${k}` : k);
    };
    visit(args, "");
}
