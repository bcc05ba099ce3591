import type * as pulumi from "@pulumi/pulumi";
import { Rule } from "./rules";

/**
 * What a change of an input does to a resource that already exists:
 * - `replace`: it is a new operation, shown as a replace;
 * - `rerun`: the operation runs again, in place (an update);
 * - `update`: the new value is recorded; nothing runs;
 * - `ignore`: not compared at all (e.g. `preflight`, which only matters at preview).
 */
export type OnChange = "replace" | "rerun" | "update" | "ignore";

/** One input of a resource kind. `T` is the value's type (a phantom: nothing holds it at run time). */
export interface Field<T = unknown, Required extends boolean = boolean, Internal extends boolean = boolean> {
    readonly rule: Rule;
    readonly required: Required;
    readonly onChange: OnChange;
    /** Set by the resource class (owner, intent), not by the user: not part of the public Args. */
    readonly internal: Internal;
    /** @internal */
    readonly valueType?: T;
}

/** The inputs of a kind, by name. */
export type Fields = Record<string, Field>;

/** An input the user must give. */
export function required<T>(rule: Rule, onChange: OnChange): Field<T, true, false> {
    return { rule, required: true, onChange, internal: false };
}

/** An input the user may give. */
export function optional<T>(rule: Rule, onChange: OnChange): Field<T, false, false> {
    return { rule, required: false, onChange, internal: false };
}

/** An input the resource class sets; a change never runs the operation (`ignore`: nor shows as a change). */
export function internal<T>(rule: Rule, onChange: "update" | "ignore" = "update"): Field<T, false, true> {
    return { rule, required: false, onChange, internal: true };
}

type ValueOf<F> = F extends Field<infer T> ? T : never;
type PublicRequired<F> = { [K in keyof F]: F[K] extends Field<unknown, true, false> ? K : never }[keyof F];
type PublicOptional<F> = { [K in keyof F]: F[K] extends Field<unknown, false, false> ? K : never }[keyof F];

/** The plain values the runtime receives for these fields (the engine has resolved every `Input`). */
export type InputsOf<F extends Fields> = { [K in keyof F as F[K] extends Field<unknown, true> ? K : never]: ValueOf<F[K]> } & {
    [K in keyof F as F[K] extends Field<unknown, true> ? never : K]?: ValueOf<F[K]>;
};

/** The required public inputs of a table, as Pulumi `Input`s; doc comments carry over from the table. */
export type RequiredArgsOf<F extends Fields> = { [K in keyof F as K extends PublicRequired<F> ? K : never]: pulumi.Input<ValueOf<F[K]>> };

/** The optional public inputs of a table, as Pulumi `Input`s; doc comments carry over from the table. */
export type OptionalArgsOf<F extends Fields> = { [K in keyof F as K extends PublicOptional<F> ? K : never]?: pulumi.Input<ValueOf<F[K]>> };

/**
 * The public Args of a resource class: every field the user sets, as a Pulumi `Input`. A class's
 * Args is an interface that extends `RequiredArgsOf` and `OptionalArgsOf` of its kind's table, so
 * that compiler errors name it ("'trigers' does not exist in type 'MasterStandbySwapArgs'").
 */
export type ArgsOf<F extends Fields> = RequiredArgsOf<F> & OptionalArgsOf<F>;

type Intersection<Groups extends Fields[]> = Groups extends [infer First extends Fields, ...infer Rest extends Fields[]] ? First & Intersection<Rest> : unknown;

/**
 * A kind's field table: its own fields, then shared groups (`CONNECTION_FIELDS`…). Typed as the
 * intersection of the parts rather than as one spread object: declaration files then name each
 * group's type, whose doc comments reach a user's editor through the derived Args and outputs.
 */
export function fieldTable<Own extends Fields, Groups extends Fields[]>(own: Own, ...groups: Groups): Own & Intersection<Groups> {
    return Object.assign({}, own, ...groups) as Own & Intersection<Groups>;
}

/**
 * The typed outputs a resource class gets from its field table: every field the user sets is echoed
 * into state and pre-declared as an output (`outputKeys`), so each is a `pulumi.Output` of its
 * value's type, `| undefined` where the input is optional. Internal fields are not outputs. Doc
 * comments carry over from the field table. Merged into a class by an interface of the same name
 * (`export interface MasterStandbySwap extends OutputsOf<…> {}`).
 */
export type OutputsOf<F extends Fields> = {
    readonly [K in keyof F as K extends PublicRequired<F> ? K : never]: pulumi.Output<ValueOf<F[K]>>;
} & {
    readonly [K in keyof F as K extends PublicOptional<F> ? K : never]: pulumi.Output<ValueOf<F[K]> | undefined>;
};
