/** `bench/results/wait-policy.svg`: mean detection lag against job duration, one line per policy. */
import { fixed } from "../lib/format";
import { Series, renderLineChart } from "../lib/svg-chart";
import { JobOutcome } from "./replay";
import { lagByDuration, summarize } from "./summary";

export interface ChartInput {
    label: string;
    color: string;
    dashed?: boolean;
    outcomes: readonly JobOutcome[];
}

export function waitPolicyChart(inputs: readonly ChartInput[], minMs: number, maxMs: number, jobs: number): string {
    const series: Series[] = inputs.map((i) => ({
        label: `${i.label}: mean ${fixed(summarize(i.outcomes).meanLagMs / 1000, 2)} s`,
        color: i.color,
        dashed: i.dashed,
        points: lagByDuration(i.outcomes, minMs, maxMs, 24).map((b) => ({ x: Math.sqrt(b.fromMs * b.toMs) / 1000, y: b.meanLagMs / 1000 })),
    }));
    return renderLineChart({
        title: `Detection lag vs job duration (${jobs} jobs, log-uniform ${minMs / 1000}–${maxMs / 1000} s)`,
        xLabel: "job duration (s, log scale; mean of each of 24 bins)",
        yLabel: "mean lag: job end → waiter returns (s)",
        xTicks: [2, 5, 10, 20, 50, 100, 200, 300],
        xMin: minMs / 1000,
        xMax: maxMs / 1000,
        series,
    });
}
