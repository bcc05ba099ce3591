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

export type { CheckFailure } from "./kind";
export type { ResourceKind } from "./kinds";
export { ResourceInitError } from "./errors/resource-init-error";

/** Version of the runtime and of the state layout it writes, recorded in outputs for later migrations. */
const RUNTIME_VERSION = packageVersion();
const STATE_VERSION = 2;

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
export async function check(kind: ResourceKind, olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures: CheckFailure[] }> {
    const definition = definitionOf(kind);
    // Old inputs under an intent: if the engine now creates this resource anew, the intent is taken.
    noteIntentInState(olds, kind);
    const failures = validateInputs(definition, news ?? {});
    if (failures.length === 0) failures.push(...connectionFailures(definition, news ?? {}));
    if (failures.length === 0 && definition.checkInputs) failures.push(...definition.checkInputs(news ?? {}));
    if (failures.length > 0) return { inputs: news, failures };
    const remote = definition.checkRemote ? definition.checkRemote(olds, news) : preflightFailures(definition, olds, news);
    return { inputs: news, failures: await remote };
}

export async function diff(kind: ResourceKind, _id: string, olds: Outputs, news: Inputs) {
    return definitionOf(kind).diff(olds, news);
}

export async function create(kind: ResourceKind, inputs: Inputs) {
    assertValid(kind, inputs);
    try {
        const { id, outs } = await definitionOf(kind).create(inputs);
        return { id, outs: stamp(outs) };
    } catch (error) {
        throw keepProvider(error, inputs);
    }
}

export async function update(kind: ResourceKind, id: string, olds: Outputs, news: Inputs) {
    assertValid(kind, news);
    try {
        const { outs } = await definitionOf(kind).update(id, olds, news);
        return { outs: stamp(outs) };
    } catch (error) {
        throw keepProvider(error, news);
    }
}

export async function read(kind: ResourceKind, id: string, props: Outputs) {
    return definitionOf(kind).read(id, props);
}

/** The shim's `delete`. */
async function deleteResource(kind: ResourceKind, id: string, props: Outputs): Promise<void> {
    return definitionOf(kind).delete(id, props);
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
function keepProvider(error: unknown, inputs: Inputs): unknown {
    if (error instanceof ResourceInitError && typeof inputs?.__provider === "string") {
        Object.assign(error.properties, stamp(error.properties), { __provider: inputs.__provider });
    }
    return error;
}

function stamp(outs: Outputs): Outputs {
    return { ...outs, runtimeVersion: RUNTIME_VERSION, stateVersion: STATE_VERSION };
}
