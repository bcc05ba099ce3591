/**
 * Bench 1b — history-informed waiting. Re-runs whose previous duration comes from the wait-policy bench's
 * seeded jobs and whose own duration is previous × U(0.7, 1.3), replayed through the real `waitForJob` on a
 * virtual clock under our default schedule, the peer's (2 s, then every 10 s) and ours told the previous
 * duration (`expectedDurationMs`). Targets for the last: mean relative lag ≤ 0.05, mean GETs ≤ the peer's.
 */
import { DEFAULT_POLL_POLICY } from "../provider/jobs";
import { Verdict, printVerdicts } from "./lib/format";
import { describeMachine, machineLine } from "./lib/machine";
import { writeResult } from "./lib/results";
import { WAIT_BENCH } from "./wait-policy";
import { historyBins } from "./wait/history-bins";
import { HistorySchedule, RerunConfig, drawReruns, replayReruns } from "./wait/history-jobs";
import { historyWaitMarkdown } from "./wait/history-report";
import { historyMeetsAll, historyVerdicts } from "./wait/history-targets";
import { OUR_DEFAULT, PEER } from "./wait/policies";
import { JobOutcome } from "./wait/replay";
import { PolicySummary, summarize } from "./wait/summary";

export const HISTORY_BENCH: RerunConfig = {
    jobs: WAIT_BENCH.jobs,
    seed: WAIT_BENCH.seed,
    factorSeed: 1307,
    jitterSeed: WAIT_BENCH.jitterSeed,
    minMs: WAIT_BENCH.minMs,
    maxMs: WAIT_BENCH.maxMs,
    factorMin: 0.7,
    factorMax: 1.3,
};

export const HISTORY_SCHEDULES: HistorySchedule[] = [
    { ...OUR_DEFAULT, history: false },
    { ...PEER, history: false },
    { key: "history", label: "ours + history", policy: { ...DEFAULT_POLL_POLICY }, history: true },
];

/**
 * Not a contender: the history window polled as densely as a 1 s cap on the gap allows (gaps of 0.5–1 s: the
 * window's floor is half of minDelayMs), without jitter, GETs regardless. Near the least mean relative lag a
 * schedule with these floors can reach on these re-runs.
 */
export const FLOOR_REFERENCE: HistorySchedule = {
    key: "floor",
    label: "reference: history, gaps 0.5–1 s, no jitter",
    policy: { ...DEFAULT_POLL_POLICY, maxDelayMs: DEFAULT_POLL_POLICY.minDelayMs, jitter: 0 },
    history: true,
};

export interface SeedSpreadRow {
    seed: number;
    history: PolicySummary;
    peer: PolicySummary;
    met: boolean;
}

export async function runHistoryWaitBench(): Promise<{ allMet: boolean; verdicts: Verdict[] }> {
    const c = HISTORY_BENCH;
    const reruns = drawReruns(c);
    const all = [...HISTORY_SCHEDULES, FLOOR_REFERENCE];
    const outcomes = new Map<string, JobOutcome[]>();
    for (const s of all) outcomes.set(s.key, await replayReruns(reruns, s, c.jitterSeed));
    const summaries = new Map(all.map((s) => [s.key, summarize(outcomes.get(s.key)!)]));
    const history = summaries.get("history")!;
    const peer = summaries.get("peer")!;
    const verdicts = historyVerdicts(history, peer);
    const allMet = historyMeetsAll(history, peer);
    const bins = historyBins(reruns.previousMs, outcomes);

    const spread: SeedSpreadRow[] = [];
    for (let seed = 1; seed <= 10; seed++) {
        const other = drawReruns(c, seed);
        const h = summarize(await replayReruns(other, HISTORY_SCHEDULES[2], c.jitterSeed));
        const p = summarize(await replayReruns(other, HISTORY_SCHEDULES[1], c.jitterSeed));
        spread.push({ seed, history: h, peer: p, met: historyMeetsAll(h, p) });
    }

    const row = (s: HistorySchedule) => ({ schedule: s, summary: summaries.get(s.key)! });
    const markdown = historyWaitMarkdown({
        machine: machineLine(describeMachine()),
        config: c,
        rows: HISTORY_SCHEDULES.map(row),
        reference: row(FLOOR_REFERENCE),
        verdicts,
        bins,
        spread,
    });
    writeResult("history-wait", markdown, {
        config: c,
        schedules: Object.fromEntries(all.map((s) => [s.key, { label: s.label, policy: s.policy, history: s.history, summary: summaries.get(s.key) }])),
        verdicts,
        bins,
        seedSpread: spread,
        jobs: {
            previousMs: reruns.previousMs,
            durationMs: reruns.durationMs,
            ...Object.fromEntries(all.map((s) => [s.key, { lagMs: outcomes.get(s.key)!.map((o) => o.lagMs), gets: outcomes.get(s.key)!.map((o) => o.gets) }])),
        },
    });

    console.log("\n== history-informed waiting");
    for (const s of all) {
        const m = summaries.get(s.key)!;
        console.log(
            `  ${s.label.padEnd(42)} mean lag ${(m.meanLagMs / 1000).toFixed(2)} s  p95 ${(m.p95LagMs / 1000).toFixed(2)} s  rel ${m.meanRelativeLag.toFixed(4)}  GETs ${m.meanGets.toFixed(2)}`,
        );
    }
    printVerdicts("  history targets", verdicts);
    const failing = spread.filter((s) => !s.met).map((s) => s.seed);
    console.log(`  over seeds 1–10: seeds missing a target: ${failing.length ? failing.join(", ") : "none"}`);
    return { allMet, verdicts };
}

if (require.main === module)
    runHistoryWaitBench().catch((e) => {
        console.error(e);
        process.exit(1);
    });
