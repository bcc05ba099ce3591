/** Markdown of the scale bench. */
import { Verdict, fixed, seconds, table, verdictTable } from "../lib/format";
import { mean, percentile } from "../lib/stats";
import { CaseSummary } from "./aggregate";
import { GATEWAY_RATE, JOB_MAX_MS, JOB_MIN_MS } from "./cases";
import { wallBoundMs } from "./targets";

export interface ScaleReportInput {
    machine: string;
    summaries: CaseSummary[];
    baselineOf: (s: CaseSummary) => CaseSummary | undefined;
    verdicts: Verdict[];
    defaultParallel: string;
}

const mib = (kib: number) => (kib ? `${fixed(kib / 1024, 0)} MiB` : "n/a");
const isSwap = (s: CaseSummary) => s.case.mode === "swap";

export function scaleMarkdown(r: ScaleReportInput): string {
    const lines = ["# Scale under throttling: one real `pulumi up` of N resources", "", r.machine, ""];
    lines.push(
        "Each run is one `pulumi up --yes --parallel N` (preview included) with the Pulumi CLI built in `.tools/bin`, a fresh stack on a",
        "local file backend, and the package installed from its `npm pack` tarball. The DCS simulator runs in the bench process and",
        `enforces a gateway limit of ${GATEWAY_RATE} requests/s (429 \`APIG.0308\`). Each \`MasterStandbySwap\` targets its own instance whose`,
        `job lasts a seeded uniform ${JOB_MIN_MS / 1000}–${JOB_MAX_MS / 1000} s. Baseline: the same program with N no-op dynamic resources defined in the program.`,
        "A short unreported no-op run warms the caches first; runs repeated R times report the median (each run's wall in brackets).",
        `Parallelism: \`--parallel N\` (every resource at once; the package's shared request budget paces the requests). ${r.defaultParallel}`,
        "",
    );
    lines.push(
        table(
            [
                "run",
                "N",
                "dcs:maxRequestsPerSecond",
                "R",
                "wall (each run)",
                "load before",
                "requests",
                "429s",
                "failed",
                "swaps",
                "longest job",
                "requests ÷ 20",
                "bound",
                "provider peak RSS",
            ],
            r.summaries.map((s) => {
                const base = r.baselineOf(s);
                const swap = isSwap(s);
                const walls = s.runs.length > 1 ? ` (${s.runs.map((x) => fixed(x.wallMs / 1000, 1)).join(", ")})` : "";
                return [
                    s.case.name,
                    s.case.n,
                    swap ? `${s.case.budget ?? 20}${s.case.budget === undefined ? " (default)" : ""}` : "–",
                    s.runs.length,
                    `${seconds(s.wallMs)}${walls}`,
                    s.runs.map((x) => fixed(x.loadBefore, 1)).join(", "),
                    s.totalRequests,
                    s.throttled,
                    s.failed,
                    swap ? s.swaps.join(", ") : "–",
                    swap ? seconds(s.longestJobMs) : "–",
                    swap ? seconds((s.totalRequests / GATEWAY_RATE) * 1000) : "–",
                    swap && base ? seconds(wallBoundMs(s.totalRequests, s.longestJobMs, base.wallMs)) : "–",
                    mib(s.providerPeakKiB),
                ];
            }),
        ),
        "",
    );
    const swaps = r.summaries.filter(isSwap);
    lines.push("Where the time goes (median run; ms after `pulumi up` started, from the simulator's request log):", "");
    lines.push(
        table(
            ["run", "first API request", "last swap accepted", "last job seen finished", "engine after that", "detection lag mean / p95 / max"],
            swaps.map((s) => {
                const p = s.phases;
                const lag = s.detectionLagsMs;
                return [
                    s.case.name,
                    p ? seconds(p.firstRequestMs) : "n/a",
                    p ? seconds(p.lastTriggerMs) : "n/a",
                    p ? seconds(p.lastDetectionMs) : "n/a",
                    p ? seconds(s.wallMs - p.lastDetectionMs) : "n/a",
                    `${seconds(mean(lag))} / ${seconds(percentile(lag, 95))} / ${seconds(Math.max(...lag))}`,
                ];
            }),
        ),
        "",
        "Detection lag = job end → the simulator's first 200 answer to `showJob` after it, queueing behind the shared request budget included.",
        "",
    );
    lines.push("Requests by operation and answers by status (last run of each):", "");
    lines.push(
        table(
            ["run", "requests by operation", "answers by status"],
            swaps.map((s) => {
                const last = s.runs[s.runs.length - 1];
                return [s.case.name, fmt(last.requestsByOperation), fmt(last.responses)];
            }),
        ),
        "",
    );
    const warned = r.summaries.flatMap((s) => s.runs).filter((x) => x.warnings.length);
    const warnings = [...new Set(warned.flatMap((x) => x.warnings.map((w) => `${x.case.name}: \`${w}\``)))];
    if (warnings.length) lines.push("Warnings printed in the `pulumi up` output (users see them):", "", ...warnings.map((w) => `- ${w}`), "");
    const errors = r.summaries.filter((x) => x.failed > 0);
    if (errors.length) {
        lines.push("Errors of the failed resources:", "");
        for (const x of errors) lines.push(...[...new Set(x.runs.flatMap((run) => run.errors))].map((e) => `- ${x.case.name}: \`${e}\``));
        lines.push("");
    }
    lines.push("## Targets", "", verdictTable(r.verdicts), "");
    const notes = swaps.flatMap((x) => gapNote(x, r.baselineOf(x)));
    if (notes.length) lines.push("Where a wall-time gap comes from (median run):", "", ...notes, "");
    lines.push(
        "Reading the bound: it grows with the number of requests, so a change that saves polls shrinks it as well as the run. And a job cannot",
        "start before its swap request is sent: with one request per swap, the last of N swaps starts no earlier than about (N − 20) ÷ 20 s after",
        "the first, a term `max(longest job, requests ÷ 20)` does not contain.",
        "",
    );
    return lines.join("\n");
}

/** For a run over its wall-time bound: how long the API work took and what it was made of. */
function gapNote(s: CaseSummary, base: CaseSummary | undefined): string[] {
    const p = s.phases;
    if (!p || !base) return [];
    const bound = wallBoundMs(s.totalRequests, s.longestJobMs, base.wallMs);
    if (s.wallMs <= bound) return [];
    const allowance = bound - base.wallMs;
    const api = p.lastDetectionMs - p.firstRequestMs;
    const limiting =
        s.longestJobMs >= (s.totalRequests / GATEWAY_RATE) * 1000
            ? `the longest job (${seconds(s.longestJobMs)})`
            : `requests ÷ ${GATEWAY_RATE} (${seconds((s.totalRequests / GATEWAY_RATE) * 1000)})`;
    const median = s.runs.find((x) => x.phases === p) ?? s.runs[0];
    const before = Object.entries(median.requestsByOperation).filter(([op, v]) => op !== "showJob" && v > 0);
    const perSwap = before.reduce((a, [, v]) => a + v, 0) / s.case.n;
    const ops = before.map(([op, v]) => `${op} ${v}`).join(", ");
    return [
        `- ${s.case.name}: the API work (first request → last job seen finished) took ${seconds(api)}, against an allowance of 1.25 × ${limiting} = ${seconds(allowance)}; ` +
            `before it, the run spent ${seconds(p.firstRequestMs)} (the whole no-op baseline: ${seconds(base.wallMs)}). The last swap was accepted ${seconds(p.lastTriggerMs - p.firstRequestMs)} ` +
            `after the first request: ${fixed(perSwap, 2)} requests per swap before its job starts (${ops}), sent through the shared budget together with the polls of earlier swaps, ` +
            `so the job that ends last starts late; and a job is seen finished up to ${seconds(Math.max(...s.detectionLagsMs))} after it ends (the poll interval is capped at 10 s; beyond that, polls waited in the budget's queue).`,
    ];
}

function fmt(o: Record<string, number>): string {
    return Object.entries(o)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
}
