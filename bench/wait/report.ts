/** Markdown of the wait-policy bench. */
import { Verdict, fixed, seconds, table, verdictTable } from "../lib/format";
import { NamedPolicy, describePolicy } from "./policies";
import { SeedSpread } from "./seeds";
import { Suggestion } from "./suggest";
import { PolicySummary } from "./summary";
import { Ratios } from "./targets";

export interface WaitReportInput {
    machine: string;
    jobs: number;
    seed: number;
    minMs: number;
    maxMs: number;
    rows: { policy: NamedPolicy; summary: PolicySummary }[];
    ratios: Ratios;
    sanity: { model: Omit<PolicySummary, "p95LagMs">; expected: Omit<PolicySummary, "p95LagMs">; harness: PolicySummary; ok: boolean };
    verdicts: Verdict[];
    suggestion?: Suggestion;
    spread: SeedSpread;
}

const summaryRow = (label: string, s: PolicySummary) => [
    label,
    seconds(s.meanLagMs, 2),
    seconds(s.p95LagMs, 2),
    fixed(s.meanRelativeLag, 3),
    fixed(s.meanGets, 2),
];

export function waitPolicyMarkdown(r: WaitReportInput): string {
    const lines: string[] = [];
    lines.push("# Wait policy: detection lag and GETs per job", "");
    lines.push(r.machine, "");
    lines.push(
        `${r.jobs} job durations, log-uniform in ${r.minMs / 1000}–${r.maxMs / 1000} s (seed ${r.seed}), each replayed through the real`,
        "`waitForJob` on a `VirtualClock` with a fake job reader that answers RUNNING until the job ends and SUCCESS from then on.",
        "Lag = job end → `waitForJob` returns. Relative lag = lag ÷ job duration. GETs = `showJob` calls per job.",
        "",
    );
    lines.push(
        table(
            ["policy", "schedule", "mean lag", "p95 lag", "mean relative lag", "mean GETs/job"],
            r.rows.map(({ policy, summary }) => [policy.label, describePolicy(policy.policy), ...summaryRow("", summary).slice(1)]),
        ),
    );
    lines.push(
        "",
        `Ours ÷ peer: mean lag **${fixed(r.ratios.meanLag, 3)}**, p95 lag ${fixed(r.ratios.p95Lag, 3)}, mean relative lag **${fixed(r.ratios.meanRelativeLag, 3)}**, mean GETs **${fixed(r.ratios.meanGets, 3)}**.`,
        "",
    );
    lines.push("## Targets", "", verdictTable(r.verdicts), "");
    const sp = r.spread;
    const range = (k: keyof Ratios) => `${fixed(sp.min[k], 3)}–${fixed(sp.max[k], 3)}`;
    lines.push(
        `Sample sensitivity: the same ${r.jobs} jobs drawn with seeds ${sp.seeds[0]}–${sp.seeds[sp.seeds.length - 1]} give ours ÷ peer mean lag ${range("meanLag")},`,
        `mean relative lag ${range("meanRelativeLag")}, mean GETs ${range("meanGets")}; seeds on which a target is missed: ${sp.failing.length ? sp.failing.join(", ") : "none"}.`,
        "",
    );
    lines.push(
        "## Harness sanity check",
        "",
        "The peer schedule replayed through `waitForJob` must agree with a plain closed-form model of it (polls at 2, 12, 22, … s) and land near the figures expected for this distribution:",
        "",
    );
    lines.push(
        table(
            ["peer schedule", "mean lag", "mean relative lag", "mean GETs/job"],
            [
                [
                    "replayed through waitForJob",
                    seconds(r.sanity.harness.meanLagMs, 2),
                    fixed(r.sanity.harness.meanRelativeLag, 3),
                    fixed(r.sanity.harness.meanGets, 2),
                ],
                ["closed-form model", seconds(r.sanity.model.meanLagMs, 2), fixed(r.sanity.model.meanRelativeLag, 3), fixed(r.sanity.model.meanGets, 2)],
                [
                    "expected (about)",
                    seconds(r.sanity.expected.meanLagMs, 1),
                    fixed(r.sanity.expected.meanRelativeLag, 2),
                    fixed(r.sanity.expected.meanGets, 1),
                ],
            ],
        ),
        "",
        `Sanity: **${r.sanity.ok ? "ok" : "FAILED"}** (replay = model exactly; model within 10 % of the expected figures).`,
        "",
    );
    if (r.suggestion) lines.push(...suggestionSection(r.suggestion));
    lines.push("![mean detection lag vs job duration](wait-policy.svg)", "");
    return lines.join("\n");
}

function suggestionSection(s: Suggestion): string[] {
    const lines = [
        "## Suggested policy change (not applied)",
        "",
        `The default misses a target. ${s.searched} policies were replayed on the same jobs (first poll 2/2.5/3 s × growth 0.25–0.5 × cap 4–10 s, min 1 s, ±10 % jitter).`,
        "",
    ];
    const rows: (string | number)[][] = [];
    const add = (label: string, c?: Suggestion["best"]) => {
        if (!c) return rows.push([label, "none in the grid meets every target", "", "", "", "", ""]);
        return rows.push([
            label,
            describePolicy(c.policy),
            seconds(c.summary.meanLagMs, 2),
            fixed(c.summary.meanRelativeLag, 3),
            fixed(c.summary.meanGets, 2),
            `${fixed(c.ratios.meanLag, 3)} / ${fixed(c.ratios.meanRelativeLag, 3)} / ${fixed(c.ratios.meanGets, 3)}`,
            seconds(c.summary.p95LagMs, 2),
        ]);
    };
    add("smallest change (cap only)", s.capOnly);
    add("fewest GETs meeting all", s.best);
    lines.push(table(["candidate", "schedule", "mean lag", "mean rel. lag", "mean GETs", "÷ peer: lag / rel. / GETs", "p95 lag"], rows), "");
    return lines;
}
