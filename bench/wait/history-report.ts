/** Markdown of the history-informed waiting bench. */
import { EXPECTED_GAP_SHARE, EXPECTED_MIN_GAP_SHARE, EXPECTED_WINDOW_END, EXPECTED_WINDOW_START } from "../../provider/jobs";
import { Verdict, fixed, seconds, table, verdictTable } from "../lib/format";
import { HistoryBin } from "./history-bins";
import { HistorySchedule, RerunConfig } from "./history-jobs";
import { HISTORY_TARGETS } from "./history-targets";
import { describePolicy } from "./policies";
import { PolicySummary } from "./summary";

export interface HistoryReportInput {
    machine: string;
    config: RerunConfig;
    rows: { schedule: HistorySchedule; summary: PolicySummary }[];
    reference: { schedule: HistorySchedule; summary: PolicySummary };
    verdicts: Verdict[];
    bins: HistoryBin[];
    spread: { seed: number; history: PolicySummary; peer: PolicySummary; met: boolean }[];
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

function describeSchedule(s: HistorySchedule): string {
    if (!s.history) return describePolicy(s.policy);
    const p = s.policy;
    const floor = (EXPECTED_MIN_GAP_SHARE * p.minDelayMs) / 1000;
    const gap = `${pct(EXPECTED_GAP_SHARE)} of previous (${floor}–${p.maxDelayMs / 1000} s)`;
    return `${EXPECTED_WINDOW_START}–${EXPECTED_WINDOW_END} × previous on a grid every ${gap}, ${p.jitter ? `±${pct(p.jitter)} of a gap jitter` : "no jitter"}; later, the default`;
}

const range = (values: number[], digits: number) => `${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)}`;

export function historyWaitMarkdown(r: HistoryReportInput): string {
    const c = r.config;
    const lines: string[] = ["# History-informed waiting: detection lag and GETs per re-run", "", r.machine, ""];
    lines.push(
        `${c.jobs} re-runs. Previous duration: the wait-policy bench's jobs (log-uniform ${c.minMs / 1000}–${c.maxMs / 1000} s, seed ${c.seed});`,
        `this run's duration = previous × U(${c.factorMin}, ${c.factorMax}) (seed ${c.factorSeed}). Each is replayed through the real \`waitForJob\` on a`,
        "`VirtualClock` (RUNNING until the job ends, SUCCESS after); “ours + history” passes the previous duration as `expectedDurationMs`.",
        "Lag = job end → `waitForJob` returns. Relative lag = lag ÷ this run's duration. GETs = `showJob` calls per job.",
        "",
    );
    const cells = (s: PolicySummary) => [seconds(s.meanLagMs, 2), fixed(s.meanRelativeLag, 4), seconds(s.p95LagMs, 2), fixed(s.meanGets, 2)];
    lines.push(
        table(
            ["schedule", "polls", "mean lag", "mean relative lag", "p95 lag", "mean GETs/job"],
            [...r.rows, r.reference].map(({ schedule, summary }) => [schedule.label, describeSchedule(schedule), ...cells(summary)]),
        ),
        "",
    );
    lines.push("## Targets", "", verdictTable(r.verdicts), "");

    const keys = r.rows.map((row) => row.schedule.key);
    const slash = (rec: Record<string, number>, digits: number) => keys.map((k) => fixed(rec[k], digits)).join(" / ");
    lines.push(
        "## Where the relative lag comes from",
        "",
        `By previous duration; each cell gives ${keys.map((k) => r.rows.find((row) => row.schedule.key === k)!.schedule.label).join(" / ")}.`,
        "“Part of the mean” is the bin's contribution to the mean relative lag over all jobs (the column adds up to it).",
        "",
        table(
            ["previous", "jobs", "mean relative lag", "part of the mean", "mean GETs/job"],
            r.bins.map((b) => [
                `${b.fromMs / 1000}–${b.toMs / 1000} s`,
                b.jobs,
                slash(b.meanRelativeLag, 3),
                slash(b.relativeLagShare, 4),
                slash(b.meanGets, 2),
            ]),
        ),
        "",
    );

    const floor = r.reference.summary.meanRelativeLag;
    const target = HISTORY_TARGETS.maxMeanRelativeLag;
    lines.push(
        "## The floor between polls",
        "",
        "Inside the expected window, polls may be half of `minDelayMs` (0.5 s) apart; outside it, `minDelayMs` (1 s). A job ending",
        "anywhere in a window polled as densely as allowed is still noticed about a quarter of a second late on average: a",
        "large share of a job of a few seconds, so the short re-runs carry most of the relative lag above. The reference row",
        `polls the window with gaps of 0.5–1 s, without jitter: **${fixed(floor, 4)}** at ${fixed(r.reference.summary.meanGets, 2)} GETs/job, against the target ${target}.`,
        floor >= 0.9 * target
            ? "That floor alone takes about the whole relative-lag budget, so within the peer's GETs the target is out of reach, and the gap share only trades relative lag for GETs (see `EXPECTED_GAP_SHARE`)."
            : "The floor leaves room under the target; within the peer's GETs the gap share trades relative lag for GETs (see `EXPECTED_GAP_SHARE`, and `EXPECTED_MIN_GAP_SHARE` for why the window's floor is half of `minDelayMs`).",
        "",
    );

    const failing = r.spread.filter((s) => !s.met).map((s) => s.seed);
    lines.push(
        `Sample sensitivity: the previous durations drawn with seeds ${r.spread[0].seed}–${r.spread[r.spread.length - 1].seed} give ours + history a mean relative lag of`,
        `${range(
            r.spread.map((s) => s.history.meanRelativeLag),
            4,
        )} and GETs ÷ peer of ${range(
            r.spread.map((s) => s.history.meanGets / s.peer.meanGets),
            3,
        )}; seeds on which a target is missed: ${failing.length ? failing.join(", ") : "none"}.`,
        "",
    );
    return lines.join("\n");
}
