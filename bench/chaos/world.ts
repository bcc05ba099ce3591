/**
 * Bench 4, beyond the design's premises: the world campaign's targets, its figures, how many
 * schedules exercised each world trait, and the failing schedules grouped by problem class and by
 * the traits they need (`attribute`: each trait taken out in turn; "combined" when no one alone).
 */
import { attribute } from "../../test/reliability/chaos/attribute";
import { CampaignSummary, sumOf } from "../../test/reliability/chaos/campaign";
import { WORLD_KINDS } from "../../test/reliability/chaos/world";
import { Verdict, table, verdictTable } from "../lib/format";

const MAX_CLASS_ROWS = 30;
const LEGACY_SHAPES = ["success", "fail", "running", "pending", "killed-unsent", "killed-sent"];

export interface FailureClass {
    problem: string;
    culprits: string;
    schedules: number;
    seeds: number[];
}

export function worldVerdicts(s: CampaignSummary): Verdict[] {
    return [
        {
            target: "0 double swaps (≤ 1 switchover per swap; a replace makes exactly one more, or stops with an error)",
            actual: `${s.doubleSwaps} extra switchovers, ${s.replaceAdopted} replaces adopting the earlier swap`,
            met: s.doubleSwaps + s.replaceAdopted === 0,
            gap: `${s.doubleSwaps + s.replaceAdopted}`,
        },
        {
            target: "0 false successes (foreign-adopted and readiness-only without roles tallied apart)",
            actual: `${s.falseSuccesses} (apart: ${sumOf(s.foreignAdopted)} foreign-adopted, ${s.unconfirmed} readiness-only)`,
            met: s.falseSuccesses === 0,
            gap: `${s.falseSuccesses}`,
        },
        { target: "0 lost jobs", actual: String(s.lostJobs), met: s.lostJobs === 0, gap: `${s.lostJobs}` },
        {
            target: "every schedule converges, or stops with a named error after sending nothing more",
            actual: `${s.converged} converged + ${s.stopped} stopped of ${s.schedules}`,
            met: s.notSettled === 0,
            gap: `${s.notSettled} neither`,
        },
        {
            target: "a rolling swap's stop rule: 0 sends after it closed, 0 records dropped or overwritten",
            actual: `${s.sendsAfterStop} sends after a stop, ${s.recordsLost} records lost (${s.laneSchedules} lanes)`,
            met: s.sendsAfterStop + s.recordsLost === 0,
            gap: `${s.sendsAfterStop + s.recordsLost}`,
        },
    ];
}

/** Failing schedules by (problem class, culprit traits), most frequent first. */
export async function failureClasses(s: CampaignSummary): Promise<FailureClass[]> {
    const groups = new Map<string, FailureClass>();
    for (const failure of s.failures) {
        const culprits = (await attribute(failure.seed)).join(" + ");
        const problems = new Set(failure.classes);
        // A double swap's earlier switchover is also a lost job: one row for the two.
        if (problems.has("double-swap")) problems.delete("lost-job");
        for (const problem of problems) {
            const key = `${problem}|${culprits}`;
            const group = groups.get(key) ?? { problem, culprits, schedules: 0, seeds: [] };
            group.schedules++;
            if (group.seeds.length < 3) group.seeds.push(failure.seed);
            groups.set(key, group);
        }
    }
    return [...groups.values()].sort((a, b) => b.schedules - a.schedules || a.problem.localeCompare(b.problem));
}

export function worldMarkdown(s: CampaignSummary, verdicts: Verdict[], classes: FailureClass[]): string {
    const traits = Object.entries(WORLD_KINDS).map(([kind, what]) => [`\`${kind}\``, what, s.perKind[kind]?.schedules ?? 0, s.perKind[kind]?.occurrences ?? 0]);
    const foreign = Object.entries(s.foreignAdopted).sort(([a], [b]) => a.localeCompare(b));
    const stops = Object.entries(s.stopsBy).sort(([, a], [, b]) => b - a);
    const legacy = LEGACY_SHAPES.filter((shape) => s.legacyShapes[shape]).map((shape) => [
        `\`${shape}\``,
        s.legacyShapes[shape],
        Object.entries(s.legacyEnds[shape] ?? {})
            .sort(([, a], [, b]) => b - a)
            .map(([end, n]) => `${n} ${end}`)
            .join(", "),
    ]);
    return [
        "## Beyond the premises",
        "",
        `The same ${s.schedules} seeds with the world's traits drawn on top (\`test/reliability/chaos/generate-world.ts\`): sync swaps DCS does`,
        "not list (and, on otc, no node roles), `api` changed between runs, someone else's swaps (succeeded and failed, at random",
        "await points and right after our intent), DCS forgetting finished jobs and tasks, wall-clock steps (`wallNow()` only),",
        "node-role read outages (huaweicloud), a replace under the same intent, a new intent while state holds an in-flight record",
        "(aliases), a second swap resource chained on the instance, phase 0 begun from 0.1.0 state, and the swap as a lane of a",
        "`RollingSwap` (other lanes failing at random moments, config-only updates of a finished lane, the instance taken out of the",
        "plan and added back). Replay one:",
        "`CHAOS_SEED=<seed> npx mocha test/reliability/exactly-once-chaos.test.ts`.",
        "",
        "| figure | value |",
        "| --- | --- |",
        `| schedules | ${s.schedules} (${s.intents} swap operations) |`,
        `| \`pulumi up\` runs | ${s.runs} |`,
        `| switchovers (ours) | ${s.switchovers} |`,
        `| **double swaps** | **${s.doubleSwaps}** |`,
        `| **replaces adopting the earlier swap** | **${s.replaceAdopted}** |`,
        `| **false successes** | **${s.falseSuccesses}** |`,
        `| **lost jobs** | **${s.lostJobs}** |`,
        `| foreign-adopted (documented risk, apart) | ${sumOf(s.foreignAdopted)} |`,
        `| readiness-only SUCCESS without a switchover, no roles (documented risk, apart) | ${s.unconfirmed} |`,
        `| a replace that adopted the earlier swap on a machine that could not know (documented risk P2, apart) | ${s.replaceAdoptedElsewhere} |`,
        `| a second switchover, or no end, after someone else's swap hid ours (documented risk P7, apart) | ${s.foreignConfounded} |`,
        `| a 0.1 run killed after DCS accepted, before state was written: swapped again after the upgrade (documented risk P9, apart) | ${s.legacyUntraced} |`,
        `| rolling-swap lanes: sends after the stop rule closed / records dropped or overwritten | ${s.laneSchedules} lanes: **${s.sendsAfterStop}** / **${s.recordsLost}** |`,
        `| a lane taken out of the plan and added back under the same triggers, swapped again (documented, warned at preview) | ${s.readdedSwappedAgain} |`,
        `| converged | ${s.converged} |`,
        `| stopped with a named error, nothing sent after | ${s.stopped} |`,
        `| **neither** | **${s.notSettled}** |`,
        `| runtime | ${(s.runtimeMs / 1000).toFixed(1)} s |`,
        "",
        "### Targets",
        "",
        verdictTable(verdicts),
        "",
        "### Schedules per world trait",
        "",
        table(["trait", "what", "schedules", "occurrences"], traits),
        "",
        "### From 0.1.0 state, by what 0.1 left",
        "",
        "Phase 0 begins from state the 0.1.0 package wrote (`test/reliability/chaos/legacy.ts`): it sent the swap itself, with no",
        "intent, and recorded what it saw; the upgraded runtime then runs as usual. How phase 0 ended after the upgrade:",
        "",
        table(["0.1 left", "schedules", "ended"], legacy.length ? legacy : [["none", 0, ""]]),
        "",
        "### Foreign-adopted SUCCESS, by when someone else's swap was sent",
        "",
        "`+ours`: one of our swaps switched over too, undoing it; state records the foreign one.",
        "",
        table(["when", "phases"], foreign.length ? foreign : [["none", 0]]),
        "",
        "### Named stops",
        "",
        table(["error", "phases"], stops.length ? stops : [["none", 0]]),
        "",
        ...(classes.length
            ? [
                  "### Failing schedules by class",
                  "",
                  "Culprits: the traits whose removal alone makes the schedule pass (a heuristic: removing one shifts the model's coin flips).",
                  "",
                  table(
                      ["problem", "culprit traits", "schedules", "seeds"],
                      classes.slice(0, MAX_CLASS_ROWS).map((c) => [`\`${c.problem}\``, c.culprits, c.schedules, c.seeds.join(", ")]),
                  ),
                  "",
                  ...(classes.length > MAX_CLASS_ROWS
                      ? [`${classes.length - MAX_CLASS_ROWS} rarer rows (one or two schedules each) are in chaos.json.`, ""]
                      : []),
              ]
            : []),
    ].join("\n");
}
