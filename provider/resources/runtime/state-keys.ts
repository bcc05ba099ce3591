/**
 * How a resource's inputs and outputs are laid out in Pulumi state, at the one place they cross
 * the boundary between the engine and the runtime.
 *
 * - **Bookkeeping is hidden.** A field the resource class sets (`internal` in its kind's table:
 *   the owner, the intent's id and baseline, the rolling swap it belongs to) is registered and
 *   stored under `__<name>`. Pulumi's display leaves out every key that starts with `__` (as it does
 *   `__provider`), so a `triggers` change previews as `[diff: ~triggers]`, not as the new intent's
 *   unknown id and baseline. The runtime itself only ever sees the plain names: `fromEngine` maps
 *   both spellings, so state written before the rename (plain names) reads the same.
 * - **Every declared output is present.** At preview an output absent from state is unknown, and
 *   anything fed from it into another resource then previews as a change (`--expect-no-changes`
 *   fails). `toEngine` writes every output the class declares, `null` where it has no value; the
 *   runtime never sees those nulls (`fromEngine` drops them from state), so "unset" still reads as
 *   absent everywhere.
 */
import { KindDefinition, Outputs, internalKeys, outputKeys } from "./kind";

/** What Pulumi's display hides: `resource.IsInternalPropertyKey` (a `__` prefix). */
export const HIDDEN = "__";

/** The version of this layout, written to every resource's state (`__stateVersion`). */
export const STATE_VERSION = 3;

/**
 * Inputs (`news`) or state (`olds`, `props`) as the runtime reads them: hidden keys under their plain
 * names (a hidden key wins over a plain one left by older state), and no `null` in state or in a
 * bookkeeping field, since the runtime takes "absent" for "unset".
 */
export function fromEngine(definition: KindDefinition, values: Record<string, unknown> | undefined, from: "inputs" | "state"): Record<string, unknown> {
    if (values === undefined || values === null) return values as unknown as Record<string, unknown>;
    const internal = internalKeys(definition);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
        if (key.startsWith(HIDDEN) && key !== "__provider") {
            const plain = key.slice(HIDDEN.length);
            if (internal.includes(plain)) {
                if (value !== null && value !== undefined) out[plain] = value;
                continue;
            }
            // `__stateVersion` and anything else hidden is ours to write, never an input to read.
            if (from === "state") continue;
        }
        if (value === null && (from === "state" || internal.includes(key))) continue;
        // A plain key from older state never overrides its hidden spelling.
        if (internal.includes(key) && out[key] !== undefined) continue;
        out[key] = value;
    }
    return out;
}

/**
 * Outputs as the engine stores them: bookkeeping under `__<name>`, every declared output present
 * (`null` where unset), and the layout's version.
 */
export function toEngine(definition: KindDefinition, outs: Outputs): Outputs {
    const out: Outputs = Object.fromEntries(outputKeys(definition).map((key) => [key, null]));
    const set = Object.fromEntries(Object.entries(outs).filter(([, value]) => value !== undefined));
    Object.assign(out, hideInternal(definition, set));
    delete out.stateVersion;
    out[`${HIDDEN}stateVersion`] = STATE_VERSION;
    return out;
}

/** The resource class's side: the props it registers, bookkeeping fields under their hidden names. */
export function hideInternal(definition: KindDefinition, props: Record<string, unknown>): Record<string, unknown> {
    const internal = internalKeys(definition);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) out[internal.includes(key) ? `${HIDDEN}${key}` : key] = value;
    return out;
}
