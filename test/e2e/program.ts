import { writeFileSync } from "fs";
import { join } from "path";
import type { RunningSimulator } from "../../simulator";
import type { PulumiCli } from "./cli";

export const PROJECT = "dcs-e2e";
export const POLL = { firstDelayMs: 300, minDelayMs: 200, maxDelayMs: 500 };

/** The program: resources come from stack config, so every test shapes its own stack. */
export const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { MasterStandbySwap, ClientIpPassthrough, DcsJob, RollingSwap } = require("pulumi-dcs-jobs");
const config = new pulumi.Config();
const pollPolicy = ${JSON.stringify(POLL)};
const swaps = {};
for (const s of config.getObject("swaps") || []) {
    const r = new MasterStandbySwap(s.name, { instanceId: s.instanceId, triggers: s.triggers, api: s.api, timeout: s.timeout || "60s", preflight: s.preflight, resolution: s.resolution, pollPolicy });
    swaps[s.name] = { jobId: r.jobId, status: r.status, instanceId: r.instanceId };
}
const clientIps = {};
for (const c of config.getObject("clientIps") || []) {
    const r = new ClientIpPassthrough(c.name, { instanceId: c.instanceId, enabled: c.enabled, timeout: c.timeout || "60s", pollPolicy });
    clientIps[c.name] = { enabled: r.enabled, status: r.status, jobId: r.jobId };
}
const dcsJobs = {};
for (const j of config.getObject("dcsJobs") || []) {
    const r = new DcsJob(j.name, {
        method: j.method,
        path: j.path,
        body: j.body,
        instanceId: j.instanceId,
        triggers: j.triggers,
        timeout: j.timeout || "60s",
        resolution: j.resolution,
        pollPolicy,
    });
    dcsJobs[j.name] = { jobId: r.jobId, status: r.status, path: r.path };
}
const rollingSwaps = {};
for (const r of config.getObject("rollingSwaps") || []) {
    const rs = new RollingSwap(r.name, {
        instanceIds: r.instanceIds,
        order: r.order,
        maxParallel: r.maxParallel,
        continueOnFailure: r.continueOnFailure,
        triggers: r.triggers,
        instanceTriggers: r.instanceTriggers,
        preflight: r.preflight,
        timeout: r.timeout || "60s",
        pollPolicy,
    });
    rollingSwaps[r.name] = { swapped: rs.swapped, failed: rs.failed, notStarted: rs.notStarted };
}
exports.swaps = swaps;
exports.clientIps = clientIps;
exports.dcsJobs = dcsJobs;
exports.rollingSwaps = rollingSwaps;
`;

export interface SwapSpec {
    name: string;
    instanceId: string;
    triggers?: unknown;
    /** `MasterStandbySwap.api`; unset = the default ("auto"). A change is config-only (an update, no new intent). */
    api?: "async" | "sync" | "auto";
    timeout?: string;
    preflight?: boolean;
    /** `resolution`: an operator's word on an undecided swap. */
    resolution?: { intentId: string; outcome: "done" | "not-done" };
}

export interface DcsJobSpec {
    name: string;
    method: "PUT" | "POST" | "DELETE" | "PATCH";
    /** A `/v2/{project_id}/…` path. */
    path: string;
    body?: unknown;
    instanceId?: string;
    triggers?: unknown;
    timeout?: string;
    resolution?: { intentId: string; outcome: "done" | "not-done" };
}

/** A `RollingSwap` over `instanceIds`; its stack output is `rollingSwaps[name]` = `{ swapped, failed, notStarted }`. */
export interface RollingSwapSpec {
    name: string;
    instanceIds: string[];
    order?: string[];
    maxParallel?: number;
    continueOnFailure?: boolean;
    triggers?: unknown;
    /** Triggers of single instances, by id. */
    instanceTriggers?: Record<string, unknown>;
    preflight?: boolean;
    timeout?: string;
}

/** What a stack runs: every list defaults to none. */
export interface ProgramSpec {
    swaps?: SwapSpec[];
    clientIps?: unknown[];
    dcsJobs?: DcsJobSpec[];
    rollingSwaps?: RollingSwapSpec[];
}

/** Writes the program into the packed project (plain JavaScript: no TypeScript setup needed). */
export function writeProgram(dir: string): void {
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
    writeFileSync(join(dir, "index.js"), PROGRAM);
}

/** The provider's `dcs:*` stack config for the simulator, in any language: the secret key is a secret. */
export function simulatorConfig(sim: RunningSimulator): { plain: Record<string, string>; secrets: Record<string, string> } {
    return {
        plain: { "dcs:endpoint": sim.url, "dcs:projectId": sim.projectId, "dcs:accessKey": sim.credentials.accessKey },
        secrets: { "dcs:secretKey": sim.credentials.secretKey },
    };
}

/** A new stack pointed at the simulator, credentials as stack config (the secret key encrypted). */
export function initStack(cli: PulumiCli, sim: RunningSimulator, stack: string, program: ProgramSpec): Promise<void> {
    const { plain, secrets } = simulatorConfig(sim);
    return cli.stackInit(
        stack,
        {
            ...plain,
            swaps: JSON.stringify(program.swaps ?? []),
            clientIps: JSON.stringify(program.clientIps ?? []),
            dcsJobs: JSON.stringify(program.dcsJobs ?? []),
            rollingSwaps: JSON.stringify(program.rollingSwaps ?? []),
        },
        {
            ...secrets,
            // Unused while AK/SK are set; configured so the leak checks have a token to look for.
            "dcs:token": sim.token,
        },
    );
}
