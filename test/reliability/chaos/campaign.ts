/**
 * Many schedules, one after the other: seeds `baseSeed + i`, under the design's premises or in the
 * world beyond them (`world: true`). Aggregates the figures the test and the bench report, and keeps
 * the verdicts that failed (replay one with `CHAOS_SEED`, and `CHAOS_WORLD=0` for the premises).
 */
import { succeeded } from "../../../provider/operations";
import { driveSchedule } from "./engine";
import { howItStopped } from "./success-kind";
import { generateSchedule } from "./generate";
import { Verdict, failed, judge } from "./verdict";

export const DEFAULT_BASE_SEED = 20261128;

export interface CampaignSummary {
    world: boolean;
    baseSeed: number;
    schedules: number;
    rerunSchedules: number;
    intents: number;
    runs: number;
    switchovers: number;
    doubleSwaps: number;
    lostJobs: number;
    missedSwaps: number;
    falseSuccesses: number;
    replaceAdopted: number;
    /** Replaces that adopted the earlier swap on a machine that could not know (documented, P2). */
    replaceAdoptedElsewhere: number;
    /** Second switchovers of ours after someone else's switchover hid the first (documented, P7). */
    foreignConfounded: number;
    /** Documented risk, apart: SUCCESS caused by someone else's swap, by when it was sent. */
    foreignAdopted: Record<string, number>;
    /** Documented risk, apart: SUCCESS confirmed by readiness only (no roles) without a switchover of ours. */
    unconfirmed: number;
    /** Documented risk, apart: 0.1 killed after DCS accepted its swap, before state was written; the upgraded run swapped again. */
    legacyUntraced: number;
    /** World: schedules whose phase 0 began from 0.1.0 state, by how that run ended. */
    legacyShapes: Record<string, number>;
    /** The same, by how phase 0 ended after the upgrade: "SUCCESS", or the error it stopped with. */
    legacyEnds: Record<string, Record<string, number>>;
    /** World: schedules whose swap is a lane of a `RollingSwap`; what its stop rule must never do; the warned re-add. */
    laneSchedules: number;
    sendsAfterStop: number;
    recordsLost: number;
    readdedSwappedAgain: number;
    kills: number;
    freshRunners: number;
    converged: number;
    notConverged: number;
    stuckAccepted: number;
    /** World: schedules that stopped with a named error after sending nothing more (not converged, but settled). */
    stopped: number;
    /** World: schedules neither converged nor stopped. */
    notSettled: number;
    /** Named stops by error class (phases). */
    stopsBy: Record<string, number>;
    /** Trigger requests that reached DCS while the same intent's swap was running (answered busy). */
    nearMisses: number;
    /** For each fault kind, world trait (and kill mode, fresh runner...): in how many schedules it happened, and how often. */
    perKind: Record<string, { schedules: number; occurrences: number }>;
    /** Failing schedules per problem class, with the first seed. */
    classes: Record<string, { schedules: number; firstSeed: number }>;
    failures: Verdict[];
    runtimeMs: number;
}

/** Plays one seeded schedule; with `trace`, the verdict comes with the schedule's account. */
export async function playSeed(seed: number, trace = false, world = false) {
    const played = await driveSchedule(generateSchedule(seed, { world }), { trace });
    return { played, verdict: judge(played) };
}

export async function runCampaign(options: {
    schedules: number;
    baseSeed?: number;
    world?: boolean;
    onProgress?: (done: number) => void;
}): Promise<CampaignSummary> {
    const started = Date.now();
    const baseSeed = options.baseSeed ?? DEFAULT_BASE_SEED;
    const world = options.world ?? false;
    const s: CampaignSummary = {
        world,
        baseSeed,
        schedules: 0,
        rerunSchedules: 0,
        intents: 0,
        runs: 0,
        switchovers: 0,
        doubleSwaps: 0,
        lostJobs: 0,
        missedSwaps: 0,
        falseSuccesses: 0,
        replaceAdopted: 0,
        replaceAdoptedElsewhere: 0,
        foreignConfounded: 0,
        foreignAdopted: {},
        unconfirmed: 0,
        legacyUntraced: 0,
        legacyShapes: {},
        legacyEnds: {},
        laneSchedules: 0,
        sendsAfterStop: 0,
        recordsLost: 0,
        readdedSwappedAgain: 0,
        kills: 0,
        freshRunners: 0,
        converged: 0,
        notConverged: 0,
        stuckAccepted: 0,
        stopped: 0,
        notSettled: 0,
        stopsBy: {},
        nearMisses: 0,
        perKind: {},
        classes: {},
        failures: [],
        runtimeMs: 0,
    };
    for (let i = 0; i < options.schedules; i++) {
        const { played, verdict } = await playSeed(baseSeed + i, false, world);
        s.schedules++;
        if (played.schedule.phases.some((p, n) => n > 0 && (p.start ?? "rerun") === "rerun")) s.rerunSchedules++;
        s.intents += played.schedule.phases.length;
        s.runs += played.runs.length;
        s.switchovers += played.switchovers.reduce((a, b) => a + b, 0);
        s.doubleSwaps += verdict.doubleSwaps;
        s.lostJobs += verdict.lostJobs;
        s.missedSwaps += verdict.missedSwaps;
        s.falseSuccesses += verdict.falseSuccesses;
        s.replaceAdopted += verdict.replaceAdopted;
        s.replaceAdoptedElsewhere += verdict.replaceAdoptedElsewhere;
        s.foreignConfounded += verdict.foreignConfounded;
        s.unconfirmed += verdict.unconfirmed;
        s.legacyUntraced += verdict.legacyUntraced;
        const legacy = played.phases[0]?.legacy?.shape;
        if (legacy) {
            s.legacyShapes[legacy] = (s.legacyShapes[legacy] ?? 0) + 1;
            const end = succeeded(played.phases[0].final) ? "SUCCESS" : howItStopped(played, 0).name;
            const ends = (s.legacyEnds[legacy] ??= {});
            ends[end] = (ends[end] ?? 0) + 1;
        }
        if (played.schedule.world?.fleet) s.laneSchedules++;
        s.sendsAfterStop += verdict.sendsAfterStop;
        s.recordsLost += verdict.recordsLost;
        s.readdedSwappedAgain += verdict.readdedSwappedAgain;
        for (const when of verdict.foreignAdopted) s.foreignAdopted[when] = (s.foreignAdopted[when] ?? 0) + 1;
        for (const name of verdict.stops) s.stopsBy[name] = (s.stopsBy[name] ?? 0) + 1;
        s.kills += played.tally.get("kill");
        s.freshRunners += played.tally.get("fresh-runner");
        s.nearMisses += played.tally.get("near-miss");
        if (verdict.converged) s.converged++;
        else if (verdict.stuckAccepted) s.stuckAccepted++;
        else if (!verdict.settled || s.world) s.notConverged++;
        if (!verdict.converged && verdict.settled) s.stopped++;
        if (!verdict.settled) s.notSettled++;
        for (const [kind, n] of played.tally.counts) {
            const entry = (s.perKind[kind] ??= { schedules: 0, occurrences: 0 });
            entry.schedules++;
            entry.occurrences += n;
        }
        for (const cls of new Set(verdict.classes)) {
            const entry = (s.classes[cls] ??= { schedules: 0, firstSeed: verdict.seed });
            entry.schedules++;
        }
        if (failed(verdict)) s.failures.push(verdict);
        if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1);
    }
    s.runtimeMs = Date.now() - started;
    return s;
}

export function sumOf(record: Record<string, number>): number {
    return Object.values(record).reduce((a, b) => a + b, 0);
}

export function summaryLine(s: CampaignSummary): string {
    const head =
        `chaos${s.world ? " (world)" : ""}: ${s.schedules} schedules, ${s.doubleSwaps} double swaps, ${s.lostJobs} lost jobs, ` +
        `${s.kills} kills, ${s.freshRunners} fresh runners`;
    if (!s.world)
        return (
            `${head} (${s.missedSwaps} missed swaps, ${s.notConverged} not converged, ${s.stuckAccepted} stuck ACCEPTED, ` +
            `${s.stopped} stopped: killed as a success was handed over; ` +
            `${s.runs} runs, ${(s.runtimeMs / 1000).toFixed(1)} s)`
        );
    return (
        `${head}, ${s.replaceAdopted} replaces adopting the earlier swap (${s.replaceAdoptedElsewhere} apart: on a machine that could not know), ` +
        `${s.foreignConfounded} second switchovers after someone else's (apart), ${s.falseSuccesses} false successes ` +
        `(${sumOf(s.foreignAdopted)} foreign-adopted, ${s.unconfirmed} readiness-only apart), ` +
        `${sumOf(s.legacyShapes)} from 0.1 state (${s.legacyUntraced} swapped again after a 0.1 run killed untraced, apart), ` +
        `${s.laneSchedules} rolling-swap lanes (${s.sendsAfterStop} sends after a stop, ${s.recordsLost} records lost, ` +
        `${s.readdedSwappedAgain} re-added lanes swapped again, warned at preview), ${s.converged} converged, ` +
        `${s.stopped} stopped with a named error, ${s.notSettled} not settled (${s.runs} runs, ${(s.runtimeMs / 1000).toFixed(1)} s)`
    );
}
