/** Repeats of one case folded into one row: medians for times and counts, totals for failures. */
import { median } from "../lib/stats";
import { ScaleCase } from "./cases";
import { Phases } from "./detection";
import { CaseResult, peakKiB } from "./run-case";

export interface CaseSummary {
    case: ScaleCase;
    runs: CaseResult[];
    wallMs: number;
    totalRequests: number;
    throttled: number;
    /** Over all repeats. */
    failed: number;
    /** Swaps per repeat. */
    swaps: number[];
    longestJobMs: number;
    providerPeakKiB: number;
    programPeakKiB: number;
    /** All repeats pooled. */
    detectionLagsMs: number[];
    /** Of the repeat whose wall time is the median. */
    phases?: Phases;
}

export function summarizeCases(results: readonly CaseResult[]): CaseSummary[] {
    const names = [...new Set(results.map((r) => r.case.name))];
    return names.map((name) => {
        const runs = results.filter((r) => r.case.name === name);
        const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
        return {
            case: runs[0].case,
            runs,
            wallMs: median(runs.map((r) => r.wallMs)),
            totalRequests: median(runs.map((r) => r.totalRequests)),
            throttled: median(runs.map((r) => r.throttled)),
            failed: runs.reduce((a, r) => a + r.failed, 0),
            swaps: runs.map((r) => r.swaps),
            longestJobMs: runs[0].longestJobMs,
            providerPeakKiB: Math.max(...runs.map((r) => peakKiB(r, "dynamic-provider"))),
            programPeakKiB: Math.max(...runs.map((r) => peakKiB(r, "program"))),
            detectionLagsMs: runs.flatMap((r) => r.detectionLagsMs),
            phases: byWall[Math.floor((byWall.length - 1) / 2)].phases,
        };
    });
}
