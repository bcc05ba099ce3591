/**
 * The provider runtime: the code every serialized shim `require`s. It lives in the installed
 * package, not in Pulumi state, so fixes reach delete and refresh of resources created by older
 * versions. Every entry point takes the resource kind first.
 */
import { DcsError } from "../../dcs";
import { packageVersion } from "../../version";
import { CheckFailure, ResourceKind, validateInputs } from "./inputs";
import * as clientIp from "./kinds/client-ip-passthrough";
import * as dcsJob from "./kinds/dcs-job";
import * as swap from "./kinds/master-standby-swap";
import * as intent from "./kinds/operation-intent";
import { ResourceInitError } from "./partial-failure";
import { connectionFailures } from "./connection-check";
import { preflightFailures } from "./preflight";
import { ConfigSource, configureFrom } from "./settings";

export { ResourceKind, CheckFailure } from "./inputs";
export { SwapInProgressError } from "../../operations";
export { ResourceInitError } from "./partial-failure";

/** Version of the runtime and of the state layout it writes, recorded in outputs for later migrations. */
export const RUNTIME_VERSION = packageVersion();
export const STATE_VERSION = 2;

type Outputs = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inputs = any;

interface KindModule {
    diff(olds: Outputs, news: Inputs): { changes: boolean; replaces: string[] };
    create(inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
    update(id: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }>;
    read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }>;
    remove(id: string, props: Outputs): Promise<void>;
}

const KINDS: Record<ResourceKind, KindModule> = { MasterStandbySwap: swap, ClientIpPassthrough: clientIp, DcsJob: dcsJob, OperationIntent: intent };

/** Reads `dcs:*` stack config; credentials stay in this process and never reach inputs or state. */
export async function configure(req: { config: ConfigSource }): Promise<void> {
    configureFrom(req.config);
}

/**
 * The preview-time gate. Inputs are validated offline first, and failures name the property; only
 * valid inputs go on to the read-only preflight (ShowInstance), which `preflight: false` turns off.
 */
export async function check(kind: ResourceKind, olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures: CheckFailure[] }> {
    const failures = validateInputs(kind, news ?? {});
    if (failures.length === 0) failures.push(...connectionFailures(kind, news ?? {}));
    if (kind === "DcsJob" && failures.length === 0) failures.push(...dcsJob.checkAgainstConfig(news ?? {}));
    if (failures.length > 0) return { inputs: news, failures };
    return { inputs: news, failures: await preflightFailures(kind, olds, news) };
}

export async function diff(kind: ResourceKind, _id: string, olds: Outputs, news: Inputs) {
    return module(kind).diff(olds, news);
}

export async function create(kind: ResourceKind, inputs: Inputs) {
    assertValid(kind, inputs);
    try {
        const { id, outs } = await module(kind).create(inputs);
        return { id, outs: stamp(outs) };
    } catch (error) {
        throw keepProvider(error, inputs);
    }
}

export async function update(kind: ResourceKind, id: string, olds: Outputs, news: Inputs) {
    assertValid(kind, news);
    try {
        const { outs } = await module(kind).update(id, olds, news);
        return { outs: stamp(outs) };
    } catch (error) {
        throw keepProvider(error, news);
    }
}

export async function read(kind: ResourceKind, id: string, props: Outputs) {
    return module(kind).read(id, props);
}

export async function remove(kind: ResourceKind, id: string, props: Outputs): Promise<void> {
    return module(kind).remove(id, props);
}

function module(kind: ResourceKind): KindModule {
    const found = KINDS[kind];
    if (!found) throw new Error(`unknown resource kind ${JSON.stringify(kind)}; this runtime knows ${Object.keys(KINDS).join(", ")}`);
    return found;
}

/** Check already rejected bad inputs; this guards direct callers and unknowns that resolved badly. */
function assertValid(kind: ResourceKind, inputs: Inputs): void {
    const failures = validateInputs(kind, inputs ?? {});
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
