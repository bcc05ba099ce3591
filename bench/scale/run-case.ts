/** One scale run: reset the simulator, seed its instances, `pulumi up` a fresh stack, read what happened. */
import { readFileSync } from "fs";
import { loadavg } from "os";
import { Counters, RunningSimulator } from "../../simulator";
import { sum } from "../lib/stats";
import { ScaleCase, seededJobs } from "./cases";
import { Phases, RequestLog } from "./detection";
import { writePlan } from "./project";
import { exportStack, initStack, pulumiUp } from "./pulumi";
import { ProcessPeak, TreeSampler } from "./rss";

export interface CaseResult {
    case: ScaleCase;
    /** 1-based repeat number. */
    repeat: number;
    parallel: number;
    /** 1-minute load average just before `pulumi up` (other work on the machine skews the wall time). */
    loadBefore: number;
    exitCode: number | null;
    wallMs: number;
    longestJobMs: number;
    totalRequests: number;
    requestsByOperation: Record<string, number>;
    responses: Record<string, number>;
    throttled: number;
    swaps: number;
    succeeded: number;
    failed: number;
    peaks: ProcessPeak[];
    /** Job end → the SUCCESS answer, per job, measured at the simulator. */
    detectionLagsMs: number[];
    phases?: Phases;
    /** Distinct resource errors in the `pulumi up` output (request ids stripped). */
    errors: string[];
    /** Node warnings (e.g. MaxListenersExceededWarning) that reached the `pulumi up` output. */
    warnings: string[];
    logFile: string;
}

const SWAP_TYPE = "pulumi-nodejs:dynamic/dcs:MasterStandbySwap";
const NOOP_TYPE = "pulumi-nodejs:dynamic/bench:Noop";

export async function runCase(sim: RunningSimulator, requests: RequestLog, dir: string, c: ScaleCase, repeat: number, parallel: number): Promise<CaseResult> {
    const stack = c.repeats > 1 ? `${c.name}-${repeat}` : c.name;
    const jobs = seededJobs(c);
    sim.reset();
    sim.resetCounters();
    requests.clear();
    if (c.mode === "swap") jobs.instanceIds.forEach((id, i) => sim.setInstance(id, { jobDurationMs: jobs.durationsMs[i] }));
    writePlan(dir, { mode: c.mode, instanceIds: jobs.instanceIds });

    const plain: Record<string, string> = { "dcs:endpoint": sim.url, "dcs:projectId": sim.projectId, "dcs:accessKey": sim.credentials.accessKey };
    if (c.budget !== undefined) plain["dcs:maxRequestsPerSecond"] = String(c.budget);
    await initStack(dir, stack, plain, { "dcs:secretKey": sim.credentials.secretKey });

    const loadBefore = Math.round(loadavg()[0] * 100) / 100;
    let sampler: TreeSampler | undefined;
    const up = await pulumiUp(dir, stack, parallel, (pid) => (sampler = new TreeSampler(pid)));
    const peaks = sampler?.stop() ?? [];
    const counters: Counters = sim.counters();

    const type = c.mode === "swap" ? SWAP_TYPE : NOOP_TYPE;
    const mine = (await exportStack(dir, stack)).filter((r) => r.type === type);
    const succeeded = mine.filter((r) => !r.initErrors?.length && (c.mode === "noop" || r.outputs?.status === "SUCCESS")).length;
    const simJobs = sim.jobs();
    return {
        case: c,
        repeat,
        parallel,
        loadBefore,
        exitCode: up.code,
        wallMs: up.wallMs,
        longestJobMs: c.mode === "swap" ? Math.max(...jobs.durationsMs) : 0,
        totalRequests: sum(Object.values(counters.requests)),
        requestsByOperation: counters.requests,
        responses: counters.responses,
        throttled: counters.throttled,
        swaps: counters.effects.swaps,
        succeeded,
        failed: c.n - succeeded,
        peaks,
        detectionLagsMs: requests.detectionLags(simJobs),
        phases: requests.phases(up.startedAt, simJobs),
        errors: distinctErrors(readFileSync(up.logFile, "utf8")),
        warnings: [...new Set([...readFileSync(up.logFile, "utf8").matchAll(/\b([A-Z]\w*Warning): ([^\n]{0,90})/g)].map((m) => `${m[1]}: ${m[2]}`))],
        logFile: up.logFile,
    };
}

/** Largest VmHWM among the processes of one role (several providers may start: preview and update). */
export function peakKiB(r: CaseResult, role: string): number {
    return Math.max(0, ...r.peaks.filter((p) => p.role === role).map((p) => p.peakRssKiB));
}

function distinctErrors(log: string): string[] {
    const lines = [...log.matchAll(/^\s+error: (.+)$/gm)].map((m) => m[1].replace(/\s*\(request id [^)]*\)/g, "").trim());
    return [...new Set(lines.filter((l) => l !== "update failed"))];
}
