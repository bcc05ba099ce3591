/**
 * The provider runtime: the code every serialized shim `require`s. It lives in the installed
 * package, not in Pulumi state, so fixes reach delete and refresh of resources created by older
 * versions. Every entry point takes the resource kind first.
 */
import { DcsError } from "../../dcs";
import { packageVersion } from "../../version";
import { connectionFailures } from "./connection-check";
import { CheckFailure, KindDefinition, Outputs, validateInputs } from "./kind";
import { KINDS, ResourceKind } from "./kinds";
import { ResourceInitError } from "./errors/resource-init-error";
import { noteIntentInState } from "./intent-use";
import { preflightFailures } from "./preflight";
import { ConfigSource, configureFrom } from "./settings";
import { fromEngine, toEngine } from "./state-keys";

export type { CheckFailure } from "./kind";
export type { ResourceKind } from "./kinds";
export { ResourceInitError } from "./errors/resource-init-error";

/** Version of the runtime that wrote the state (the layout's version is `state-keys.ts`'s `STATE_VERSION`). */
const RUNTIME_VERSION = packageVersion();

// The engine hands over whatever the program registered; `check` is where it is validated.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = any;

/** Reads `dcs:*` stack config; credentials stay in this process and never reach inputs or state. */
export async function configure(req: { config: ConfigSource }): Promise<void> {
    configureFrom(req.config);
}

/**
 * The preview-time gate. Inputs are validated offline first, and failures name the property; only
 * valid inputs go on to the read-only preflight (ShowInstance), which `preflight: false` turns off.
 */
export async function check(kind: ResourceKind, rawOlds: Inputs, rawNews: Inputs): Promise<{ inputs: Inputs; failures: CheckFailure[] }> {
    const definition = definitionOf(kind);
    const olds = fromEngine(definition, rawOlds, "inputs");
    const news = fromEngine(definition, rawNews ?? {}, "inputs");
    // Old inputs under an intent: if the engine now creates this resource anew, the intent is taken.
    noteIntentInState(olds, kind);
    // The engine keeps the inputs as registered (bookkeeping under its hidden names).
    const failures = validateInputs(definition, news);
    if (failures.length === 0) failures.push(...connectionFailures(definition, news));
    if (failures.length === 0 && definition.checkInputs) failures.push(...definition.checkInputs(news));
    if (failures.length > 0) return { inputs: rawNews, failures };
    const remote = definition.checkRemote ? definition.checkRemote(olds, news) : preflightFailures(definition, olds, news);
    return { inputs: rawNews, failures: await remote };
}

export async function diff(kind: ResourceKind, _id: string, olds: Outputs, news: Inputs) {
    const definition = definitionOf(kind);
    return definition.diff(fromEngine(definition, olds, "state"), fromEngine(definition, news, "inputs"));
}

export async function create(kind: ResourceKind, rawInputs: Inputs) {
    const definition = definitionOf(kind);
    const inputs = fromEngine(definition, rawInputs, "inputs");
    assertValid(kind, inputs);
    try {
        const { id, outs } = await definition.create(inputs);
        return { id, outs: stamp(definition, outs) };
    } catch (error) {
        throw keepProvider(definition, error, rawInputs);
    }
}

export async function update(kind: ResourceKind, id: string, olds: Outputs, rawNews: Inputs) {
    const definition = definitionOf(kind);
    const news = fromEngine(definition, rawNews, "inputs");
    assertValid(kind, news);
    try {
        const { outs } = await definition.update(id, fromEngine(definition, olds, "state"), news);
        return { outs: stamp(definition, outs) };
    } catch (error) {
        throw keepProvider(definition, error, rawNews);
    }
}

/** Refresh; it also rewrites state an older version wrote in the current layout (every declared output present). */
export async function read(kind: ResourceKind, id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const definition = definitionOf(kind);
    const result = await definition.read(id, fromEngine(definition, props, "state"));
    // Keep what the shim in state needs to load this runtime again (refresh and delete read it from there).
    const provider = typeof props?.__provider === "string" ? { __provider: props.__provider } : {};
    return { id: result.id, props: { ...toEngine(definition, result.props), ...provider } };
}

/** The shim's `delete`. */
async function deleteResource(kind: ResourceKind, id: string, props: Outputs): Promise<void> {
    const definition = definitionOf(kind);
    return definition.delete(id, fromEngine(definition, props, "state"));
}
// Shims serialized into state before 0.2 call `remove`; they stay in state until the resource is replaced.
export { deleteResource as delete, deleteResource as remove };

function definitionOf(kind: ResourceKind): KindDefinition {
    const found = KINDS[kind];
    if (!found) throw new DcsError(`unknown resource kind ${JSON.stringify(kind)}; this runtime knows ${Object.keys(KINDS).join(", ")}`);
    return found;
}

/** Check already rejected bad inputs; this guards direct callers and unknowns that resolved badly. */
function assertValid(kind: ResourceKind, inputs: Inputs): void {
    const failures = validateInputs(definitionOf(kind), inputs ?? {});
    if (failures.length > 0) throw new DcsError(`invalid ${kind} inputs: ${failures.map((f) => `${f.property} ${f.reason}`).join("; ")}`);
}

/**
 * The host adds `__provider` only to successful results; a partial failure's properties become the
 * state that refresh and delete load their code from, so it must carry the shim too.
 */
function keepProvider(definition: KindDefinition, error: unknown, inputs: Inputs): unknown {
    if (error instanceof ResourceInitError) {
        const stamped = stamp(definition, error.properties);
        for (const key of Object.keys(error.properties)) delete error.properties[key];
        Object.assign(error.properties, stamped, typeof inputs?.__provider === "string" ? { __provider: inputs.__provider } : {});
    }
    return error;
}

/** Outputs as they go to state: in the current layout, with the runtime's version. */
function stamp(definition: KindDefinition, outs: Outputs): Outputs {
    return toEngine(definition, { ...outs, runtimeVersion: RUNTIME_VERSION });
}
