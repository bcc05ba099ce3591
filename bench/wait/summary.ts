/** Headline figures of one policy on the job set. */
import { mean, percentile } from "../lib/stats";
import { JobOutcome } from "./replay";

export interface PolicySummary {
    meanLagMs: number;
    p95LagMs: number;
    meanRelativeLag: number;
    meanGets: number;
}

export function summarize(outcomes: readonly JobOutcome[]): PolicySummary {
    const lags = outcomes.map((o) => o.lagMs);
    return {
        meanLagMs: mean(lags),
        p95LagMs: percentile(lags, 95),
        meanRelativeLag: mean(outcomes.map((o) => o.lagMs / o.durationMs)),
        meanGets: mean(outcomes.map((o) => o.gets)),
    };
}

/** Mean lag per logarithmic duration bin, for the chart. */
export interface LagBin {
    fromMs: number;
    toMs: number;
    meanLagMs: number;
    jobs: number;
}

export function lagByDuration(outcomes: readonly JobOutcome[], minMs: number, maxMs: number, bins: number): LagBin[] {
    const edges = Array.from({ length: bins + 1 }, (_, i) => Math.exp(Math.log(minMs) + (i / bins) * (Math.log(maxMs) - Math.log(minMs))));
    return edges.slice(0, -1).map((from, i) => {
        const to = edges[i + 1];
        const inBin = outcomes.filter((o) => o.durationMs >= from && (o.durationMs < to || (i === bins - 1 && o.durationMs <= to)));
        return { fromMs: from, toMs: to, meanLagMs: mean(inBin.map((o) => o.lagMs)), jobs: inBin.length };
    });
}
