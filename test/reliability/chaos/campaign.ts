/**
 * Many schedules, one after the other: seeds `baseSeed + i`. Aggregates the figures the test and
 * the bench report, and keeps the verdicts that failed (replay one with `CHAOS_SEED`).
 */
import { driveSchedule } from "./engine";
import { generateSchedule } from "./generate";
import { Verdict, failed, judge } from "./verdict";

export const DEFAULT_BASE_SEED = 20261128;

export interface CampaignSummary {
    baseSeed: number;
    schedules: number;
    rerunSchedules: number;
    intents: number;
    runs: number;
    switchovers: number;
    doubleSwaps: number;
    lostJobs: number;
    missedSwaps: number;
    kills: number;
    freshRunners: number;
    converged: number;
    notConverged: number;
    stuckAccepted: number;
    /** Trigger requests that reached DCS while the same intent's swap was running (answered busy). */
    nearMisses: number;
    /** For each fault kind (and kill mode, fresh runner...): in how many schedules it happened, and how often. */
    perKind: Record<string, { schedules: number; occurrences: number }>;
    failures: Verdict[];
    runtimeMs: number;
}

/** Plays one seeded schedule; with `trace`, the verdict comes with the schedule's account. */
export async function playSeed(seed: number, trace = false) {
    const played = await driveSchedule(generateSchedule(seed), { trace });
    return { played, verdict: judge(played) };
}

export async function runCampaign(options: { schedules: number; baseSeed?: number; onProgress?: (done: number) => void }): Promise<CampaignSummary> {
    const started = Date.now();
    const baseSeed = options.baseSeed ?? DEFAULT_BASE_SEED;
    const s: CampaignSummary = {
        baseSeed,
        schedules: 0,
        rerunSchedules: 0,
        intents: 0,
        runs: 0,
        switchovers: 0,
        doubleSwaps: 0,
        lostJobs: 0,
        missedSwaps: 0,
        kills: 0,
        freshRunners: 0,
        converged: 0,
        notConverged: 0,
        stuckAccepted: 0,
        nearMisses: 0,
        perKind: {},
        failures: [],
        runtimeMs: 0,
    };
    for (let i = 0; i < options.schedules; i++) {
        const { played, verdict } = await playSeed(baseSeed + i);
        s.schedules++;
        if (played.schedule.phases.length > 1) s.rerunSchedules++;
        s.intents += played.schedule.phases.length;
        s.runs += played.runs.length;
        s.switchovers += played.switchovers.reduce((a, b) => a + b, 0);
        s.doubleSwaps += verdict.doubleSwaps;
        s.lostJobs += verdict.lostJobs;
        s.missedSwaps += verdict.missedSwaps;
        s.kills += played.tally.get("kill");
        s.freshRunners += played.tally.get("fresh-runner");
        s.nearMisses += played.tally.get("near-miss");
        if (verdict.converged) s.converged++;
        else if (verdict.stuckAccepted) s.stuckAccepted++;
        else s.notConverged++;
        for (const [kind, n] of played.tally.counts) {
            const entry = (s.perKind[kind] ??= { schedules: 0, occurrences: 0 });
            entry.schedules++;
            entry.occurrences += n;
        }
        if (failed(verdict)) s.failures.push(verdict);
        if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1);
    }
    s.runtimeMs = Date.now() - started;
    return s;
}

export function summaryLine(s: CampaignSummary): string {
    return (
        `chaos: ${s.schedules} schedules, ${s.doubleSwaps} double swaps, ${s.lostJobs} lost jobs, ${s.kills} kills, ${s.freshRunners} fresh runners` +
        ` (${s.missedSwaps} missed swaps, ${s.notConverged} not converged, ${s.stuckAccepted} stuck ACCEPTED; ${s.runs} runs, ${(s.runtimeMs / 1000).toFixed(1)} s)`
    );
}
