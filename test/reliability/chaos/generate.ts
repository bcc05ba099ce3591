/**
 * Draws a schedule from a seed: the cloud profile, server skew, task history and paging, job
 * traits, and per intent the trigger faults, list outages, kills, runners and the run from which
 * everything is calm. About one schedule in seven is the deliberate re-run (two intents). With
 * `world`, the traits beyond the design's premises are drawn on top (`generate-world.ts`), from a
 * stream of their own: a seed's schedule without them is the same as under the premises.
 */
import { drawWorld } from "./generate-world";
import { KillPlan } from "./process";
import { Rng } from "./rng";
import { FIVE_XX, PhasePlan, RunPlan, Schedule, SendPlan, SwapTraits, TriggerFault } from "./schedule";

export const MAX_RUNS = 12;
/** The last run that may still have faults; the rest of the 12 are calm, to converge in. */
export const LAST_FAULTY_RUN = 5;
/** The documented assumption: DCS lists a new task well within the lifecycle's 30 s identify grace. */
export const MAX_LIST_DELAY_MS = 20_000;
/** A backend may process a request up to this long after the gateway answered 5xx or the connection dropped. */
export const MAX_PROCESSING_LAG_MS = 5000;

const FAULT_KINDS = ["reset-before", "reset-after", "timeout", "5xx", "no-job-id", "throttled", "busy"] as const;

export function generateSchedule(seed: number, options: { world?: boolean } = {}): Schedule {
    const rng = new Rng(seed);
    const rerun = rng.chance(0.15);
    const maxListDelay = rng.int(0, MAX_LIST_DELAY_MS);
    const swaps: SwapTraits[] = Array.from({ length: 10 }, () => {
        return {
            // Log-uniform: as many 2–15 s jobs as 15–120 s ones (short jobs end before they are listed).
            durationMs: Math.round(2000 * Math.exp(rng.float() * Math.log(60))),
            initMs: rng.int(0, 3000),
            listDelayMs: rng.int(0, maxListDelay),
            fail: rng.chance(0.15),
            queuedMs: rng.chance(0.2) ? rng.int(5000, 120_000) : 0,
            notFoundMs: rng.chance(0.3) ? rng.int(1000, 20_000) : 0,
        };
    });
    const schedule: Schedule = {
        seed,
        profile: rng.chance(0.3) ? "otc" : "huaweicloud",
        skewMs: rng.int(-600_000, 600_000),
        historySwaps: rng.int(0, 30),
        historyOthers: rng.int(0, 8),
        pageCap: rng.chance(0.5) ? 1000 : rng.pick([5, 10, 20]),
        order: rng.chance(0.5) ? "asc" : "desc",
        latencyMs: rng.chance(0.3) ? 0 : rng.int(50, 2000),
        timeoutMs: rng.pick([60_000, 120_000, 300_000, 1_800_000]),
        journalWriteFails: rng.chance(0.2),
        listFailProbability: rng.chance(0.5) ? 0 : rng.float() * 0.4,
        showJobFailProbability: rng.chance(0.5) ? 0 : rng.float() * 0.4,
        swaps,
        phases: [phasePlan(rng)],
    };
    if (rerun) {
        const second = phasePlan(rng);
        // The user re-runs after the first swap's task is listed (it lands in the new intent's baseline), or at once
        // on the same machine with a working journal, where the new intent waits until that task is listed.
        const immediate = !second.runs[0].fresh && !schedule.journalWriteFails && rng.chance(0.5);
        second.runs[0].gapBeforeMs = immediate ? rng.int(0, MAX_LIST_DELAY_MS) : rng.int(MAX_LIST_DELAY_MS, 3_600_000);
        // Often: the second PUT gets a 502 that DCS never processed, while the first swap's task is listed.
        if (rng.chance(0.5)) second.sends[0] = { fault: { kind: "5xx", status: 502, performed: false } };
        second.calmFromRun = Math.max(second.calmFromRun, 1);
        schedule.phases.push(second);
    }
    if (options.world) drawWorld(schedule);
    return schedule;
}

export function phasePlan(rng: Rng): PhasePlan {
    const kinds = FAULT_KINDS.filter(() => rng.chance(0.6));
    const faultRate = kinds.length ? rng.float() * 0.8 : 0;
    const outageRate = rng.chance(0.4) ? rng.float() * 0.5 : 0;
    const killRate = rng.chance(0.7) ? 0.2 + rng.float() * 0.6 : 0;
    const freshRate = rng.float() * 0.6;
    const sends: SendPlan[] = Array.from({ length: 40 }, () => ({
        fault: rng.chance(faultRate) ? triggerFault(rng, rng.pick(kinds)) : undefined,
        listOutageMs: rng.chance(outageRate) ? rng.int(5000, 90_000) : undefined,
    }));
    const runs: RunPlan[] = Array.from({ length: MAX_RUNS }, () => ({
        fresh: rng.chance(freshRate),
        gapBeforeMs: rng.chance(0.5) ? 0 : rng.chance(0.5) ? rng.int(1000, 30_000) : rng.int(30_000, 900_000),
        kill: rng.chance(killRate) ? killPlan(rng) : undefined,
    }));
    return { runs, sends, calmFromRun: rng.int(0, LAST_FAULTY_RUN + 1) };
}

function triggerFault(rng: Rng, kind: (typeof FAULT_KINDS)[number]): TriggerFault {
    switch (kind) {
        case "reset-before":
        case "throttled":
            return { kind };
        case "reset-after":
        case "timeout":
            return { kind, performed: rng.chance(0.5), lagMs: lag(rng) };
        case "5xx":
            return { kind, status: rng.pick(FIVE_XX), performed: rng.chance(0.5), lagMs: lag(rng) };
        case "no-job-id":
            return { kind, body: rng.chance(0.5) ? "{}" : "text" };
        case "busy":
            return { kind, forMs: rng.int(5000, 90_000) };
    }
}

/** Mostly processed before the error answer; sometimes a little after (lag + listing delay < the 30 s grace). */
function lag(rng: Rng): number {
    return rng.chance(0.3) ? rng.int(1, MAX_PROCESSING_LAG_MS) : 0;
}

function killPlan(rng: Rng): KillPlan {
    const r = rng.float();
    if (r < 0.2) return { mode: "on-accept" };
    if (r < 0.4) return { mode: "after-accept" };
    // Biased to early await points: most runs have a few dozen.
    return { mode: "at-step", atStep: 1 + Math.floor(rng.float() ** 2 * 60) };
}
