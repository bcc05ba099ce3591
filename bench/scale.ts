/**
 * Bench 2 — scale under throttling. Real `pulumi up`s of 50 and 200 `MasterStandbySwap`s (and of
 * as many no-op resources, the baseline) against the simulator with a 20 req/s gateway limit.
 */
import { rmSync } from "fs";
import { join } from "path";
import { startSimulator } from "../simulator";
import { runAsScript } from "./lib/main";
import { Verdict, printVerdicts, seconds } from "./lib/format";
import { Machine, describeMachine, machineLine } from "./lib/machine";
import { TMP_DIR, readRawResult, writeResult } from "./lib/results";
import { mean, percentile } from "./lib/stats";
import { CaseSummary, summarizeCases } from "./scale/aggregate";
import { GATEWAY_RATE, WARM_UP, defaultCases } from "./scale/cases";
import { RequestLog } from "./scale/detection";
import { prepareBenchProject } from "./scale/project";
import { PULUMI } from "./scale/pulumi";
import { scaleMarkdown } from "./scale/report";
import { CaseResult, peakKiB, runCase } from "./scale/run-case";
import { scaleVerdicts } from "./scale/targets";

/** What `pulumi up --help` says on this CLI build (v3.274.1). */
export const PULUMI_DEFAULT_PARALLEL = 8;

export interface ScaleOptions {
    /** A second `dcs:maxRequestsPerSecond` for N = 200; undefined skips that run. */
    extraBudget?: number;
    /** Run only these cases (by name); baselines of the same N are needed for the wall-time target. */
    only?: string[];
    /** Overrides every case's repeat count. */
    repeats?: number;
}

export interface ScaleBenchResult {
    results: CaseResult[];
    summaries: CaseSummary[];
    verdicts: Verdict[];
}

export async function runScaleBench(options: ScaleOptions = {}): Promise<ScaleBenchResult> {
    rmSync(join(TMP_DIR, "state"), { recursive: true, force: true });
    rmSync(join(TMP_DIR, "journal"), { recursive: true, force: true });
    const dir = await prepareBenchProject();
    const requests = new RequestLog();
    const sim = await startSimulator({ port: 0, rateLimit: { requestsPerSecond: GATEWAY_RATE }, onRequest: requests.record });
    const cases = defaultCases(options.extraBudget)
        .filter((k) => !options.only || options.only.includes(k.name))
        .map((k) => ({ ...k, repeats: options.repeats ?? k.repeats }));
    const results: CaseResult[] = [];
    console.log("\n== scale under throttling");
    try {
        await runCase(sim, requests, dir, WARM_UP, 1, WARM_UP.n);
        for (const c of cases) {
            for (let repeat = 1; repeat <= c.repeats; repeat++) {
                const r = await runCase(sim, requests, dir, c, repeat, c.n);
                results.push(r);
                console.log(
                    `  ${`${c.name} #${repeat}`.padEnd(24)} wall ${seconds(r.wallMs).padStart(8)}  requests ${String(r.totalRequests).padStart(5)}  429s ${String(r.throttled).padStart(4)}  ` +
                        `failed ${r.failed}  swaps ${r.swaps}  provider peak ${Math.round(peakKiB(r, "dynamic-provider") / 1024)} MiB  lag mean ${seconds(mean(r.detectionLagsMs))} p95 ${seconds(percentile(r.detectionLagsMs, 95))}  load ${r.loadBefore}`,
                );
            }
        }
    } finally {
        await sim.stop();
    }

    const report = writeScaleReport(results, describeMachine(PULUMI));
    printVerdicts("  scale targets", report.verdicts);
    return { results, ...report };
}

/** Judges the runs and writes scale.md / scale.json; `--render` calls it again on the stored runs. */
export function writeScaleReport(results: CaseResult[], machine: Machine): Omit<ScaleBenchResult, "results"> {
    const summaries = summarizeCases(results);
    const baselineOf = (s: CaseSummary) => summaries.find((b) => b.case.mode === "noop" && b.case.n === s.case.n);
    const verdicts = summaries.filter((s) => s.case.mode === "swap" && baselineOf(s)).flatMap((s) => scaleVerdicts(s, baselineOf(s)!));
    const defaultParallel = `Pulumi's default here is \`--parallel ${PULUMI_DEFAULT_PARALLEL}\` (\`pulumi up --help\`), which would run at most ${PULUMI_DEFAULT_PARALLEL} creates at once: 200 jobs of 17.5 s on average would take about 200 × 17.5 s ÷ ${PULUMI_DEFAULT_PARALLEL} ≈ 7 min.`;
    writeResult("scale", scaleMarkdown({ machine: machineLine(machine), summaries, baselineOf, verdicts, defaultParallel }), {
        machine,
        gatewayRate: GATEWAY_RATE,
        verdicts,
        // Per-run detection lags are in `runs`; the summaries keep only their statistics.
        summaries: summaries.map(({ runs, detectionLagsMs: _lags, ...rest }) => ({ ...rest, walls: runs.map((r) => r.wallMs) })),
        runs: results,
    });
    return { summaries, verdicts };
}

if (require.main === module) {
    const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
    const extra = arg("extra-budget");
    const repeats = arg("repeats");
    const stored = process.argv.includes("--render") ? readRawResult<{ runs: CaseResult[]; machine: Machine }>("scale") : undefined;
    if (stored) {
        writeScaleReport(stored.runs, stored.machine);
        process.exit(0);
    }
    runAsScript(() =>
        runScaleBench({ extraBudget: extra ? Number(extra) : undefined, only: arg("cases")?.split(","), repeats: repeats ? Number(repeats) : undefined }),
    );
}
