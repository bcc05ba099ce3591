import * as pulumi from "@pulumi/pulumi";
import { DcsConfigError } from "../dcs";
import { ArgsOf } from "./runtime/fields/field";
import { CONNECTION_FIELDS, POLL_FIELDS } from "./runtime/fields/shared";
import { KindDefinition, outputKeys } from "./runtime/kind";
import { hideInternal } from "./runtime/state-keys";

/** Where, how long and how to poll: inputs every job-running resource of this package takes. */
export interface CommonArgs extends ArgsOf<typeof CONNECTION_FIELDS & typeof POLL_FIELDS> {}

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
