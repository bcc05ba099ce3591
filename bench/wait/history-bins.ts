/** Where the relative lag comes from: the re-runs grouped by previous duration, per schedule. */
import { mean } from "../lib/stats";
import { JobOutcome } from "./replay";

export const HISTORY_BIN_EDGES_MS = [2000, 5000, 10_000, 30_000, 100_000, 300_000];

export interface HistoryBin {
    fromMs: number;
    toMs: number;
    jobs: number;
    /** Per schedule key. */
    meanRelativeLag: Record<string, number>;
    meanGets: Record<string, number>;
    /** This bin's part of the schedule's mean relative lag over all jobs (the parts add up to it). */
    relativeLagShare: Record<string, number>;
}

export function historyBins(previousMs: readonly number[], outcomes: ReadonlyMap<string, readonly JobOutcome[]>): HistoryBin[] {
    const last = HISTORY_BIN_EDGES_MS.length - 2;
    return HISTORY_BIN_EDGES_MS.slice(0, -1).map((fromMs, b) => {
        const toMs = HISTORY_BIN_EDGES_MS[b + 1];
        const inBin = previousMs.flatMap((p, i) => (p >= fromMs && (p < toMs || (b === last && p <= toMs)) ? [i] : []));
        const per = (f: (o: readonly JobOutcome[]) => number) => Object.fromEntries([...outcomes].map(([key, o]) => [key, f(o)]));
        const rel = (o: readonly JobOutcome[]) => inBin.map((i) => o[i].lagMs / o[i].durationMs);
        return {
            fromMs,
            toMs,
            jobs: inBin.length,
            meanRelativeLag: per((o) => mean(rel(o))),
            meanGets: per((o) => mean(inBin.map((i) => o[i].gets))),
            relativeLagShare: per((o) => rel(o).reduce((a, v) => a + v, 0) / previousMs.length),
        };
    });
}
