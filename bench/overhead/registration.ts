/**
 * Program-side cost of declaring resources, under `pulumi.runtime.setMocks` in the packed project
 * (no engine, no provider): N `MasterStandbySwap`s against N no-op dynamic resources defined in
 * the program. Each measurement is a fresh Node process; the median of several is kept.
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { run } from "../../test/support/packed-project";
import { median } from "../lib/stats";

export type RegisteredKind = "swap" | "noop";

export interface RegistrationSample {
    /** `require("pulumi-dcs-jobs")` (0 for the no-op). */
    requireMs: number;
    /** First resource, constructed until its id resolves: includes serializing the provider once. */
    firstMs: number;
    /** The next N resources, constructed until every id resolves, divided by N. */
    perResourceMs: number;
}

export interface RegistrationResult extends RegistrationSample {
    kind: RegisteredKind;
    n: number;
    runs: number;
}

const SCRIPT = `"use strict";
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
    newResource(args) { return { id: args.name + "-id", state: args.inputs }; },
    call(args) { return args.inputs; },
}, "bench", "overhead", false);
const [kind, n] = [process.argv[2], Number(process.argv[3])];
const ms = (since) => Number(process.hrtime.bigint() - since) / 1e6;
const noopProvider = { async create(inputs) { return { id: inputs.instanceId, outs: inputs }; } };
class Noop extends pulumi.dynamic.Resource {
    constructor(name, args, opts) { super(noopProvider, name, args, opts, "bench", "Noop"); }
}
const id = (i) => "3f8e7a42-1c2b-4d5e-9f60-" + String(i).padStart(12, "0");
const resolved = (r) => new Promise((resolve) => r.id.apply(resolve));
(async () => {
    let t = process.hrtime.bigint();
    const Swap = kind === "swap" ? require("pulumi-dcs-jobs").MasterStandbySwap : undefined;
    const requireMs = kind === "swap" ? ms(t) : 0;
    const make = (i) => Swap ? new Swap("r" + i, { instanceId: id(i), timeout: "30m" }) : new Noop("r" + i, { instanceId: id(i) });
    t = process.hrtime.bigint();
    await resolved(make(0));
    const firstMs = ms(t);
    t = process.hrtime.bigint();
    const rest = [];
    for (let i = 1; i <= n; i++) rest.push(make(i));
    await Promise.all(rest.map(resolved));
    const perResourceMs = ms(t) / n;
    process.stdout.write("@@RESULT@@" + JSON.stringify({ requireMs, firstMs, perResourceMs }) + "\\n");
})().catch((e) => { console.error(e); process.exit(1); });
`;

export async function measureRegistration(projectDir: string, kind: RegisteredKind, n: number, runs: number): Promise<RegistrationResult> {
    const script = join(projectDir, "bench-registration.js");
    writeFileSync(script, SCRIPT);
    const samples: RegistrationSample[] = [];
    for (let i = 0; i < runs; i++) {
        const { stdout } = await run(process.execPath, [script, kind, String(n)], { cwd: projectDir, timeoutMs: 120_000 });
        const line = stdout.split("\n").find((l) => l.startsWith("@@RESULT@@"));
        if (!line) throw new Error(`bench-registration.js printed no result:\n${stdout}`);
        samples.push(JSON.parse(line.slice("@@RESULT@@".length)));
    }
    const med = (k: keyof RegistrationSample) => median(samples.map((s) => s[k]));
    return { kind, n, runs, requireMs: med("requireMs"), firstMs: med("firstMs"), perResourceMs: med("perResourceMs") };
}
