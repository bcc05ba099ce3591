/**
 * The `__provider` texts a real program would store in state, produced by the INSTALLED tarball:
 * a child Node process in the packed project (so `require("pulumi-dcs-jobs")` resolves to
 * node_modules) constructs one resource of each kind under `pulumi.runtime.setMocks` and prints
 * what the mock's `newResource` received.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { run } from "./packed-project";

export type ResourceKind = "MasterStandbySwap" | "ClientIpPassthrough" | "DcsJob";

export interface SerializedProvider {
    /** Type token, e.g. `pulumi-nodejs:dynamic/dcs:MasterStandbySwap`. */
    type: string;
    /** The serialized provider module text (`__provider` input). */
    provider: string;
    /** The inputs the resource registered, without `__provider`. */
    inputs: Record<string, unknown>;
}

export type SerializedProviders = Record<ResourceKind, SerializedProvider>;

/** Fixed instance id used for the constructed resources. */
export const SERIALIZE_INSTANCE_ID = "3f8e7a42-1c2b-4d5e-9f60-7a8b9c0d1e2f";

const SCRIPT = `
"use strict";
const pulumi = require("@pulumi/pulumi");
const captured = {};
pulumi.runtime.setMocks({
    newResource(args) {
        const { __provider, ...inputs } = args.inputs;
        captured[args.name] = { type: args.type, provider: __provider, inputs };
        return { id: args.name + "-id", state: args.inputs };
    },
    call(args) { return args.inputs; },
}, "dcsjobs", "e2e", false);
const { MasterStandbySwap, ClientIpPassthrough, DcsJob } = require("pulumi-dcs-jobs");
const instanceId = ${JSON.stringify(SERIALIZE_INSTANCE_ID)};
const resources = {
    MasterStandbySwap: new MasterStandbySwap("swap", { instanceId }),
    ClientIpPassthrough: new ClientIpPassthrough("cip", { instanceId, enabled: true }),
    DcsJob: new DcsJob("job", { method: "PUT", path: "/v2/{project_id}/instances/" + instanceId + "/ssl", body: { enabled: true } }),
};
const names = { MasterStandbySwap: "swap", ClientIpPassthrough: "cip", DcsJob: "job" };
const timer = setTimeout(() => { console.error("timed out waiting for registrations: " + JSON.stringify(Object.keys(captured))); process.exit(2); }, 20000);
pulumi.all(Object.values(resources).map((r) => r.id)).apply(() => {
    clearTimeout(timer);
    const kinds = {};
    for (const [kind, name] of Object.entries(names)) {
        if (!captured[name] || typeof captured[name].provider !== "string") { console.error("no __provider for " + name); process.exit(3); }
        kinds[kind] = captured[name];
    }
    process.stdout.write("@@RESULT@@" + JSON.stringify(kinds) + "\\n");
});
`;

const memo = new Map<string, Promise<SerializedProviders>>();

/** Memoized per project dir. */
export function serializedProviders(projectDir: string): Promise<SerializedProviders> {
    let found = memo.get(projectDir);
    if (!found) {
        found = produce(projectDir);
        memo.set(projectDir, found);
    }
    return found;
}

async function produce(projectDir: string): Promise<SerializedProviders> {
    const script = join(projectDir, "serialize-providers.js");
    writeFileSync(script, SCRIPT);
    const { stdout } = await run(process.execPath, [script], { cwd: projectDir, timeoutMs: 60_000 });
    const line = stdout.split("\n").find((l) => l.startsWith("@@RESULT@@"));
    if (!line) throw new Error(`serialize-providers.js printed no result:\n${stdout}`);
    return JSON.parse(line.slice("@@RESULT@@".length)) as SerializedProviders;
}
