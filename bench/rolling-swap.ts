/**
 * Bench 6 — the end-to-end effect of history-informed waiting: the wall time of a 50-instance
 * `RollingSwap` under the real CLI against the simulator, `maxParallel` 1 and 5, each with the
 * default schedule (instances that never swapped: no history) and with history (instances swapped
 * once before, the re-run's jobs taking 0.7–1.3 × as long as their previous swap), beside the floor:
 * the job durations themselves (their sum, and for parallel lanes the longest lane).
 *
 *   npm run bench:rolling [-- --n=50]
 */
import { rmSync } from "fs";
import { join } from "path";
import { RunningSimulator, startSimulator } from "../simulator";
import { fixed, seconds, table } from "./lib/format";
import { describeMachine, machineLine } from "./lib/machine";
import { runAsScript } from "./lib/main";
import { seededRandom, seededUuid, uniform } from "./lib/random";
import { TMP_DIR, writeResult } from "./lib/results";
import { sum } from "./lib/stats";
import { prepareRollingProject, writeRollingPlan } from "./rolling/project";
import { PULUMI, exportStack, initStack, pulumiUp } from "./scale/pulumi";

const SEED = 20261130;
/** Previous swap durations: DCS switchovers take seconds; kept short so the bench runs in minutes. */
const PREVIOUS_MS = { min: 3000, max: 8000 };
/** A re-run takes this share of the previous duration, drawn uniformly (the issue's ±30 %). */
const RERUN_FACTOR = { min: 0.7, max: 1.3 };
const JOB_INIT_MS = 500;

type Mode = "default" | "history";

interface CaseResult {
    maxParallel: number;
    mode: Mode;
    n: number;
    wallMs: number;
    exitCode: number | null;
    /** The measured run's job durations, in plan order. */
    durationsMs: number[];
    sumMs: number;
    /** The longest lane: swap i runs after swap i − maxParallel. */
    longestLaneMs: number;
    showJobGets: number;
    swapsTookEffect: number;
}

function arg(name: string): string | undefined {
    return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

function laneFloor(durations: readonly number[], maxParallel: number): number {
    const lanes = new Array(maxParallel).fill(0);
    durations.forEach((d, i) => (lanes[i % maxParallel] += d));
    return Math.max(...lanes);
}

async function runCase(sim: RunningSimulator, dir: string, n: number, maxParallel: number, mode: Mode, caseIndex: number): Promise<CaseResult> {
    // The same durations for both modes of one maxParallel; fresh instances for each case.
    const durations = seededRandom(SEED + maxParallel);
    const ids = Array.from({ length: n }, (_, i) => seededUuid(seededRandom(SEED * 7 + caseIndex * 1000 + i)));
    const previous = ids.map(() => Math.round(uniform(durations, PREVIOUS_MS.min, PREVIOUS_MS.max)));
    const actual = previous.map((p) => Math.round(p * uniform(durations, RERUN_FACTOR.min, RERUN_FACTOR.max)));
    const stack = `rolling-${maxParallel}-${mode}`;
    await initStack(
        dir,
        stack,
        { "dcs:endpoint": sim.url, "dcs:projectId": sim.projectId, "dcs:accessKey": sim.credentials.accessKey },
        { "dcs:secretKey": sim.credentials.secretKey },
    );

    if (mode === "history") {
        // The previous maintenance: swapped long ago or on another runner, hence its own journal.
        ids.forEach((id, i) => sim.setInstance(id, { jobInitMs: JOB_INIT_MS, jobDurationMs: previous[i] }));
        writeRollingPlan(dir, { instanceIds: ids, maxParallel: 10, triggers: "previous" });
        const warm = await pulumiUp(dir, stack, 64, undefined, { DCS_JOBS_JOURNAL_DIR: join(TMP_DIR, `journal-previous-${stack}`) });
        if (warm.code !== 0) throw new Error(`the previous run of ${stack} failed; see ${warm.logFile}`);
    }
    ids.forEach((id, i) => sim.setInstance(id, { jobInitMs: JOB_INIT_MS, jobDurationMs: actual[i] }));
    writeRollingPlan(dir, { instanceIds: ids, maxParallel, triggers: "measured" });
    const before = sim.counters();
    const up = await pulumiUp(dir, stack, 64);
    const after = sim.counters();
    const swapsTookEffect = ids.reduce((s, id) => s + (after.perInstance[id]?.swaps ?? 0) - (before.perInstance[id]?.swaps ?? 0), 0);
    const resources = await exportStack(dir, stack);
    const failed = resources.filter((r) => r.initErrors?.length).length;
    if (up.code !== 0 || failed > 0) throw new Error(`${stack}: pulumi up exited ${up.code} with ${failed} failed resources; see ${up.logFile}`);
    const result: CaseResult = {
        maxParallel,
        mode,
        n,
        wallMs: Math.round(up.wallMs),
        exitCode: up.code,
        durationsMs: actual,
        sumMs: sum(actual),
        longestLaneMs: laneFloor(actual, maxParallel),
        showJobGets: (after.requests.showJob ?? 0) - (before.requests.showJob ?? 0),
        swapsTookEffect,
    };
    console.log(
        `  maxParallel ${maxParallel} ${mode.padEnd(8)} wall ${seconds(result.wallMs).padStart(8)}  floor ${seconds(result.longestLaneMs).padStart(8)}  job GETs ${result.showJobGets}  swaps ${swapsTookEffect}`,
    );
    return result;
}

function report(results: CaseResult[], machine: string): string {
    const rows = results.map((r) => [
        r.maxParallel,
        r.mode,
        seconds(r.wallMs),
        seconds(r.sumMs),
        seconds(r.longestLaneMs),
        seconds(r.wallMs - r.longestLaneMs),
        fixed(r.showJobGets / r.n, 1),
    ]);
    const saved = [1, 5].map((p) => {
        const d = results.find((r) => r.maxParallel === p && r.mode === "default");
        const h = results.find((r) => r.maxParallel === p && r.mode === "history");
        if (!d || !h) return "";
        const [above, aboveWithHistory] = [d.wallMs - d.longestLaneMs, h.wallMs - h.longestLaneMs];
        const change = `${seconds(Math.abs(above - aboveWithHistory))} (${fixed((Math.abs(above - aboveWithHistory) / above) * 100, 0)} %)`;
        return aboveWithHistory < above
            ? `maxParallel ${p}: history takes ${change} off the time above the floor`
            : `maxParallel ${p}: history adds ${change} to the time above the floor: no gain at this job length`;
    });
    return [
        "# Rolling swap: wall time of a 50-instance RollingSwap",
        "",
        `Generated by \`npm run bench:rolling\` (bench/rolling-swap.ts). ${machine}`,
        "",
        `Real \`pulumi up\` of one \`RollingSwap\` over ${results[0]?.n ?? 50} instances against the simulator (no rate limit), default poll policy.`,
        `Job durations: previous swap ${PREVIOUS_MS.min / 1000}–${PREVIOUS_MS.max / 1000} s (uniform, seeded), the measured re-run ${RERUN_FACTOR.min}–${RERUN_FACTOR.max} × that, INIT for ${JOB_INIT_MS} ms included.`,
        '"default" swaps instances with no swap in their task list (no history); "history" swaps instances that swapped once before, so each intent finds the previous duration in the task list it reads anyway.',
        "The floor is the jobs alone: their sum, and for `maxParallel` > 1 the longest lane (swap i starts after swap i − maxParallel). Above the floor: Pulumi, intents, readiness reads and detection lag.",
        "",
        table(["maxParallel", "waiting", "wall", "sum of jobs", "floor (longest lane)", "above floor", "job GETs / swap"], rows),
        "",
        ...saved.filter(Boolean).map((s) => `- ${s}`),
        "",
    ].join("\n");
}

export async function runRollingBench(n = Number(arg("n") ?? 50)): Promise<CaseResult[]> {
    rmSync(join(TMP_DIR, "state"), { recursive: true, force: true });
    rmSync(join(TMP_DIR, "journal"), { recursive: true, force: true });
    const dir = await prepareRollingProject();
    const sim = await startSimulator({ port: 0 });
    const results: CaseResult[] = [];
    console.log(`\n== rolling swap of ${n} instances`);
    try {
        let index = 0;
        for (const maxParallel of [1, 5])
            for (const mode of ["default", "history"] as const) results.push(await runCase(sim, dir, n, maxParallel, mode, index++));
    } finally {
        await sim.stop();
    }
    writeResult("rolling-swap", report(results, machineLine(describeMachine(PULUMI))), {
        seed: SEED,
        previousMs: PREVIOUS_MS,
        rerunFactor: RERUN_FACTOR,
        results,
    });
    return results;
}

if (require.main === module) runAsScript(() => runRollingBench());
