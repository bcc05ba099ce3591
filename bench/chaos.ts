/**
 * Bench 4 — exactly-once chaos. Plays 10,000 seeded schedules of the in-process model check
 * (`test/reliability/chaos/`: a model DCS instance, kills, fresh runners and faults in virtual time)
 * through the real lifecycle and `sendTrigger`, under the design's premises and again in the world
 * beyond them (`chaos/world.ts`); reports double swaps, lost jobs, false successes, convergence,
 * kills, fresh runners and how often each fault and world trait happened, and writes
 * bench/results/chaos.md and chaos.json.
 *
 *   --schedules=N   how many schedules per campaign (default 10000; CHAOS_SCHEDULES works too)
 *   --seed=S        base seed (schedule i plays seed S + i)
 */
import { CampaignSummary, DEFAULT_BASE_SEED, runCampaign, summaryLine } from "../test/reliability/chaos/campaign";
import { WORLD_KINDS } from "../test/reliability/chaos/world";
import { failureClasses, worldMarkdown, worldVerdicts } from "./chaos/world";
import { runAsScript } from "./lib/main";
import { Verdict, printVerdicts, table, verdictTable } from "./lib/format";
import { describeMachine, machineLine } from "./lib/machine";
import { writeResult } from "./lib/results";

export const CHAOS_BENCH = { schedules: 10_000, baseSeed: DEFAULT_BASE_SEED };

/** What each counted kind is, for the table. */
const KINDS: Record<string, string> = {
    "reset-before": "trigger: connection refused (never reached DCS)",
    "reset-after": "trigger: reset after sending, not processed",
    "reset-after-performed": "trigger: reset after sending, processed",
    timeout: "trigger: timed out (30 s), not processed",
    "timeout-performed": "trigger: timed out (30 s), processed",
    "no-job-id-json": "trigger: 200 `{}` (processed, no job id)",
    "no-job-id-text": "trigger: 200 with a non-JSON body (processed)",
    throttled: "trigger: 429 APIG.0308",
    busy: "trigger: instance busy with another task (400 DCS.4049 until it ends)",
    "list-outage": "task list failing for 5–90 s from a trigger on",
    "list-flaky": "task list call failing (500, 502, reset, timeout)",
    "list-moved-while-paging": "task list grew between two pages of one read",
    "show-job-flaky": "showJob failing (500, 502, reset, timeout)",
    "early-404": "showJob 404 DCS.4001 for a new job",
    queued: "job reported as the unknown status QUEUED for a while",
    "job-fail": "swap job ended FAIL",
    "journal-fails": "journal writes fail on every machine",
    kill: "process killed",
    "kill-at-step": "killed at the Nth await point",
    "kill-on-accept": "killed as DCS accepted (answer lost)",
    "kill-after-accept": "killed at the first await point after the accepting answer",
    "fresh-runner": "run on a fresh runner (empty journal)",
    "near-miss": "trigger reached DCS while the same intent's swap ran",
};

function arg(name: string): string | undefined {
    return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

export async function runChaosBench(): Promise<Verdict[]> {
    const schedules = Number(arg("schedules") ?? process.env.CHAOS_SCHEDULES ?? CHAOS_BENCH.schedules);
    const baseSeed = Number(arg("seed") ?? CHAOS_BENCH.baseSeed);
    console.log(`\n== chaos (${schedules} schedules, seeds ${baseSeed}…${baseSeed + schedules - 1})`);
    const s = await runCampaign({ schedules, baseSeed, onProgress: (done) => console.log(`  ${done} schedules`) });
    const verdicts: Verdict[] = [
        { target: "0 double swaps", actual: String(s.doubleSwaps), met: s.doubleSwaps === 0, gap: `${s.doubleSwaps} extra switchovers` },
        {
            target: "0 lost jobs (and no SUCCESS that is not the intent's own switchover)",
            actual: `${s.lostJobs} lost, ${s.missedSwaps} missed`,
            met: s.lostJobs + s.missedSwaps === 0,
            gap: `${s.lostJobs + s.missedSwaps}`,
        },
        {
            target: "every schedule converges to SUCCESS once faults stop (or stops naming both ways out when killed as its success was handed over)",
            actual: `${s.converged} converged + ${s.stopped} stopped of ${s.schedules}`,
            met: s.converged + s.stopped === s.schedules,
            gap: `${s.notConverged} not converged, ${s.stuckAccepted} stuck ACCEPTED`,
        },
    ];
    console.log(`  ${summaryLine(s)}`);
    printVerdicts("  chaos targets (premises)", verdicts);

    console.log(`\n== chaos beyond the premises (${schedules} schedules, same seeds)`);
    const w = await runCampaign({ schedules, baseSeed, world: true, onProgress: (done) => console.log(`  ${done} schedules`) });
    console.log(`  ${summaryLine(w)}`);
    const worldTargets = worldVerdicts(w);
    printVerdicts("  chaos targets (world)", worldTargets);
    const classes = await failureClasses(w);
    const machine = machineLine(describeMachine());
    const markdown = `${chaosMarkdown(s, machine, verdicts)}\n${worldMarkdown(w, worldTargets, classes)}`;
    // The first 100 failing schedules (their count is in `failureCount`; `failureClasses` groups them all).
    const raw = (c: CampaignSummary) => ({
        ...c,
        failureCount: c.failures.length,
        failures: c.failures.slice(0, 100).map((f) => ({ seed: f.seed, problems: f.problems })),
    });
    writeResult("chaos", markdown, { ...raw(s), verdicts, beyondPremises: { ...raw(w), verdicts: worldTargets, failureClasses: classes } });
    return [...verdicts, ...worldTargets];
}

function chaosMarkdown(s: CampaignSummary, machine: string, verdicts: Verdict[]): string {
    const kinds = Object.entries(s.perKind)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, v]) => [
            `\`${kind}\``,
            KINDS[kind] ??
                WORLD_KINDS[kind] ??
                kind.replace(/^5xx-(\d+)(-performed)?$/, (_, code, p) => `trigger: HTTP ${code}, ${p ? "processed" : "not processed"}`),
            v.schedules,
            v.occurrences,
        ]);
    const failing = s.failures.slice(0, 20).map((f) => [f.seed, f.problems.join("; ").replace(/\|/g, "\\|")]);
    return [
        "# Exactly-once chaos: seeded model check of the swap lifecycle",
        "",
        machine,
        "",
        "## Under the design's premises",
        "",
        `Generated by \`bench/chaos.ts\` (do not edit by hand). ${s.schedules} seeded schedules (seeds ${s.baseSeed}…${s.baseSeed + s.schedules - 1}) of`,
        "`test/reliability/chaos/`: one MasterStandbySwap through up to 12 `pulumi up` runs per intent against a model DCS instance",
        "(huaweicloud or otc profile, server clock ±10 min off, 0–30 earlier swap tasks, pages capped at 5–1000, tasks listed 0–20 s",
        "after acceptance), in virtual time, through the real `runOperation` and `sendTrigger`. Runs are killed at seeded await points",
        "or as DCS accepts, move to fresh runners, and meet trigger, task-list and showJob faults until a seeded run, after which",
        `everything is calm. ${s.rerunSchedules} schedules are the deliberate re-run (a second intent after the first swap succeeded).`,
        `Replay one: \`CHAOS_SEED=<seed> npx mocha test/reliability/exactly-once-chaos.test.ts\`.`,
        "",
        "| figure | value |",
        "| --- | --- |",
        `| schedules | ${s.schedules} (${s.rerunSchedules} re-runs; ${s.intents} intents) |`,
        `| \`pulumi up\` runs | ${s.runs} |`,
        `| switchovers | ${s.switchovers} |`,
        `| **double swaps** | **${s.doubleSwaps}** |`,
        `| **lost jobs** | **${s.lostJobs}** |`,
        `| missed swaps (SUCCESS that is not the intent's own switchover) | ${s.missedSwaps} |`,
        `| kills | ${s.kills} |`,
        `| fresh runners | ${s.freshRunners} |`,
        `| converged | ${s.converged} |`,
        `| not converged | ${s.notConverged} |`,
        `| stuck ACCEPTED | ${s.stuckAccepted} |`,
        `| near misses (send while the intent's own swap ran) | ${s.nearMisses} |`,
        `| runtime | ${(s.runtimeMs / 1000).toFixed(1)} s |`,
        "",
        "### Targets",
        "",
        verdictTable(verdicts),
        "",
        "### Schedules per fault kind",
        "",
        "How many schedules met each fault (and kill, fresh runner...) at least once, and how often in all.",
        "",
        table(["kind", "what", "schedules", "occurrences"], kinds),
        "",
        ...(failing.length
            ? [`### Failing schedules (${s.failures.length}${s.failures.length > 20 ? ", first 20" : ""})`, "", table(["seed", "problems"], failing), ""]
            : []),
    ].join("\n");
}

if (require.main === module) runAsScript(() => runChaosBench());
