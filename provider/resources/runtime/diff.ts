import { containsUnknown } from "./unknown";

/** The DiffResult shape of Pulumi's dynamic providers. */
export interface DiffResult {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace?: boolean;
}

/**
 * Compares old outputs with new inputs on the given input keys. `replaceKeys` changing means a
 * new operation (replace); other keys update in place. An unknown value counts as a change.
 * `forceUpdate` marks a resource whose last operation did not succeed, so `update` can finish it.
 * An unknown value of a key in `unknownIsSame` is no change: preview cannot tell, and `up` compares
 * the known value again.
 */
export function diffInputs(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    keys: readonly string[],
    replaceKeys: readonly string[],
    forceUpdate: boolean,
    unknownIsSame: readonly string[] = [],
): DiffResult {
    const changed = keys.filter((key) => (containsUnknown(news[key]) ? !unknownIsSame.includes(key) : !sameJson(olds[key], news[key])));
    const replaces = changed.filter((key) => replaceKeys.includes(key));
    return { changes: changed.length > 0 || forceUpdate, replaces };
}

export function sameJson(a: unknown, b: unknown): boolean {
    return stableStringify(a ?? null) === stableStringify(b ?? null);
}

function stableStringify(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
    if (typeof value === "object" && value !== null) {
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}
