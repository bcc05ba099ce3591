/**
 * Bench 1 — wait policy. Replays 2000 seeded job durations through the real `waitForJob` under our
 * default policy, the peer's fixed 10 s poll and a naive 1 s poll; reports lag and GETs per job,
 * checks the harness against a closed-form model, judges the targets, and draws the chart.
 */
import { describeMachine, machineLine } from "./lib/machine";
import { Verdict, printVerdicts } from "./lib/format";
import { logUniform, seededRandom } from "./lib/random";
import { writeResult, writeResultFile } from "./lib/results";
import { waitPolicyChart } from "./wait/chart";
import { EXPECTED_PEER, peerModel } from "./wait/peer-model";
import { NAIVE, OUR_DEFAULT, PEER } from "./wait/policies";
import { replayAll } from "./wait/replay";
import { waitPolicyMarkdown } from "./wait/report";
import { seedSpread } from "./wait/seeds";
import { Suggestion, suggestPolicy } from "./wait/suggest";
import { summarize } from "./wait/summary";
import { meetsAll, ratios, verdicts } from "./wait/targets";

export const WAIT_BENCH = { jobs: 2000, seed: 20240611, jitterSeed: 7, minMs: 2000, maxMs: 300_000 };

export interface WaitPolicyResult {
    allMet: boolean;
    sanityOk: boolean;
    verdicts: Verdict[];
}

export async function runWaitPolicyBench(): Promise<WaitPolicyResult> {
    const { jobs, seed, jitterSeed, minMs, maxMs } = WAIT_BENCH;
    const random = seededRandom(seed);
    const durations = Array.from({ length: jobs }, () => Math.round(logUniform(random, minMs, maxMs)));

    const policies = [OUR_DEFAULT, PEER, NAIVE];
    const outcomes = new Map<string, Awaited<ReturnType<typeof replayAll>>>();
    for (const p of policies) outcomes.set(p.key, await replayAll(durations, p.policy, jitterSeed));
    const summaries = new Map(policies.map((p) => [p.key, summarize(outcomes.get(p.key)!)]));
    const ours = summaries.get("ours")!;
    const peer = summaries.get("peer")!;

    const model = peerModel(durations);
    const near = (a: number, b: number) => Math.abs(a - b) / b <= 0.1;
    const sanityOk =
        Math.abs(model.meanLagMs - peer.meanLagMs) < 1e-6 &&
        Math.abs(model.meanGets - peer.meanGets) < 1e-9 &&
        near(model.meanLagMs, EXPECTED_PEER.meanLagMs) &&
        near(model.meanRelativeLag, EXPECTED_PEER.meanRelativeLag) &&
        near(model.meanGets, EXPECTED_PEER.meanGets);

    const r = ratios(ours, peer);
    const judged = verdicts(ours, peer);
    const allMet = meetsAll(r);
    const suggestion: Suggestion | undefined = allMet ? undefined : await suggestPolicy(durations, peer, jitterSeed);
    const suggested = suggestion?.capOnly ?? suggestion?.best;
    const spread = await seedSpread(
        OUR_DEFAULT.policy,
        PEER.policy,
        Array.from({ length: 10 }, (_, i) => i + 1),
        jobs,
        minMs,
        maxMs,
        jitterSeed,
    );

    const chartInputs = [
        { label: "ours (default)", color: "#1f77b4", outcomes: outcomes.get("ours")! },
        { label: "peer (2 s, then 10 s)", color: "#d62728", outcomes: outcomes.get("peer")! },
        { label: "naive (1 s)", color: "#7f7f7f", outcomes: outcomes.get("naive")! },
    ];
    if (suggested)
        chartInputs.push({
            label: `suggested (cap ${suggested.policy.maxDelayMs / 1000} s)`,
            color: "#2ca02c",
            dashed: true,
            outcomes: await replayAll(durations, suggested.policy, jitterSeed),
        } as (typeof chartInputs)[number]);
    writeResultFile("wait-policy.svg", waitPolicyChart(chartInputs, minMs, maxMs, jobs));

    const machine = machineLine(describeMachine());
    const markdown = waitPolicyMarkdown({
        machine,
        jobs,
        seed,
        minMs,
        maxMs,
        rows: policies.map((p) => ({ policy: p, summary: summaries.get(p.key)! })),
        ratios: r,
        sanity: { model, expected: { ...EXPECTED_PEER }, harness: peer, ok: sanityOk },
        verdicts: judged,
        suggestion,
        spread,
    });
    writeResult("wait-policy", markdown, {
        config: WAIT_BENCH,
        policies: Object.fromEntries(policies.map((p) => [p.key, { label: p.label, policy: p.policy, summary: summaries.get(p.key) }])),
        ratiosOursToPeer: r,
        verdicts: judged,
        sanity: { ok: sanityOk, model, expected: EXPECTED_PEER },
        suggestion,
        seedSpread: spread,
        jobs: {
            durationMs: durations,
            ...Object.fromEntries(
                policies.map((p) => [p.key, { lagMs: outcomes.get(p.key)!.map((o) => o.lagMs), gets: outcomes.get(p.key)!.map((o) => o.gets) }]),
            ),
        },
    });

    console.log("\n== wait policy");
    for (const p of policies) {
        const s = summaries.get(p.key)!;
        console.log(
            `  ${p.label.padEnd(34)} mean lag ${(s.meanLagMs / 1000).toFixed(2)} s  p95 ${(s.p95LagMs / 1000).toFixed(2)} s  rel ${s.meanRelativeLag.toFixed(3)}  GETs ${s.meanGets.toFixed(2)}`,
        );
    }
    console.log(
        `  harness sanity (peer model ${(model.meanLagMs / 1000).toFixed(2)} s / ${model.meanRelativeLag.toFixed(3)} / ${model.meanGets.toFixed(2)} GETs): ${sanityOk ? "ok" : "FAILED"}`,
    );
    printVerdicts("  wait-policy targets", judged);
    console.log(
        `  over 10 other seeds: lag ×${spread.min.meanLag.toFixed(3)}–${spread.max.meanLag.toFixed(3)}, rel ×${spread.min.meanRelativeLag.toFixed(3)}–${spread.max.meanRelativeLag.toFixed(3)}, GETs ×${spread.min.meanGets.toFixed(3)}–${spread.max.meanGets.toFixed(3)}; seeds missing a target: ${spread.failing.length ? spread.failing.join(", ") : "none"}`,
    );
    if (suggested)
        console.log(
            `  suggestion: ${JSON.stringify(suggested.policy)} → lag ×${suggested.ratios.meanLag.toFixed(3)}, rel ×${suggested.ratios.meanRelativeLag.toFixed(3)}, GETs ×${suggested.ratios.meanGets.toFixed(3)}`,
        );
    return {
        allMet,
        sanityOk,
        verdicts: [...judged, { target: "harness sanity (peer replay = model ≈ 5.7 s / 0.74 / 7.4 GETs)", actual: sanityOk ? "ok" : "off", met: sanityOk }],
    };
}

if (require.main === module)
    runWaitPolicyBench().catch((e) => {
        console.error(e);
        process.exit(1);
    });
