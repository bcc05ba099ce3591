/**
 * Draws the world beyond the design's premises (`world.ts`) onto a generated schedule, from its own
 * random stream (seed ^ WORLD_SALT), so the rest of the schedule is the premises schedule of the
 * same seed. Each trait has its own probability; which ones a schedule actually exercised is tallied
 * as it plays (an event in a run that never happens, or is calm, does not fire).
 */
import { LAST_FAULTY_RUN, MAX_LIST_DELAY_MS, phasePlan } from "./generate";
import { Rng } from "./rng";
import { Schedule } from "./schedule";
import { FleetStart, LegacyStart, SwapApi, World, WorldEvent, WorldWhat } from "./world";

const WORLD_SALT = 0x0b5e55ed;
/** The 0.1.0 start has a stream of its own: the other traits of a seed are the same with or without it. */
const LEGACY_SALT = 0x01d57a7e;
/** So has the `RollingSwap` membership. */
const FLEET_SALT = 0x0f1ee75a;
const MIN = 60_000;

/** Per schedule, unless said otherwise. */
export const WORLD_ODDS = {
    /** DCS does not list the sync swap as a task. */
    syncUnlisted: 0.5,
    retention: 0.25,
    /** One more phase: the swap replaced (same intent), or a second swap resource chained after the first. */
    replace: 0.12,
    chained: 0.12,
    apiChanges: 0.3,
    /** Per phase: a new intent while state holds an in-flight record (aliases). */
    rerecord: 0.4,
    foreignSwaps: 0.3,
    clockSteps: 0.25,
    /** huaweicloud only (the only profile with roles). */
    roleOutages: 0.3,
    /** Phase 0 starts from 0.1.0 state. */
    legacy: 0.15,
    /** The swap is a lane of a `RollingSwap` (not with 0.1.0 state); then each of the following. */
    fleet: 0.25,
    fleetContinueOnFailure: 0.25,
    /** Lane failures close the stop rule at random moments. */
    laneFailures: 0.7,
    /** Config-only updates after SUCCESS (1-3 runs), each under a closed stop rule at odds `stoppedUpdate`. */
    configUpdates: 0.6,
    stoppedUpdate: 0.6,
    /** The instance taken out of `instanceIds` and added back under the same triggers. */
    readded: 0.25,
};

export function drawWorld(schedule: Schedule): void {
    const rng = new Rng(schedule.seed ^ WORLD_SALT);
    const roles = schedule.profile === "huaweicloud";
    const world: World = { syncListed: !rng.chance(WORLD_ODDS.syncUnlisted), roles, events: [] };
    if (rng.chance(WORLD_ODDS.retention)) {
        const both = rng.chance(0.5);
        const jobFirst = rng.chance(0.5);
        // Real retention is longer; runs here are minutes apart, so it is compressed to 30 s … 20 min.
        if (both || jobFirst) world.jobRetentionMs = Math.round(logUniform(rng, 30_000, 20 * MIN));
        if (both || !jobFirst) world.taskRetentionMs = Math.round(logUniform(rng, 30_000, 20 * MIN));
    }
    const extra = rng.float();
    if (extra < WORLD_ODDS.replace + WORLD_ODDS.chained) {
        const plan = phasePlan(rng);
        plan.start = extra < WORLD_ODDS.replace ? "replace" : "chained";
        // Documented limit (exactly-once.md, "Remaining risks"): a new intent on ANOTHER machine within the listing delay
        // of the previous swap may miss it. A chained swap's runs on a fresh runner start after that delay.
        if (plan.start === "chained") for (const r of plan.runs) if (r.fresh) r.gapBeforeMs = Math.max(r.gapBeforeMs, MAX_LIST_DELAY_MS);
        schedule.phases.push(plan);
    }
    const apis: SwapApi[] = roles ? ["auto", "async", "sync"] : ["auto", "sync"];
    const apiChanges = rng.chance(WORLD_ODDS.apiChanges);
    for (const plan of schedule.phases) {
        if (apiChanges) plan.apis = plan.runs.map(() => rng.pick(apis));
        if (rng.chance(WORLD_ODDS.rerecord)) plan.rerecord = true;
    }
    const draw = (odds: number, what: () => WorldWhat, afterIntentOdds = 0) => {
        if (!rng.chance(odds)) return;
        for (let i = rng.int(1, 3); i > 0; i--) world.events.push(placed(rng, schedule.phases.length, what(), afterIntentOdds));
    };
    draw(WORLD_ODDS.foreignSwaps, () => foreignSwap(rng, roles), 0.35);
    draw(WORLD_ODDS.clockSteps, () => ({ kind: "clock-step", deltaMs: (rng.chance(0.5) ? 1 : -1) * Math.round(logUniform(rng, MIN, 60 * MIN)) }));
    if (roles) draw(WORLD_ODDS.roleOutages, () => ({ kind: "role-outage", forMs: Math.round(logUniform(rng, 5000, 5 * MIN)) }));
    world.legacy = drawLegacy(new Rng(schedule.seed ^ LEGACY_SALT), roles);
    if (!world.legacy) drawFleet(new Rng(schedule.seed ^ FLEET_SALT), schedule, world);
    schedule.world = world;
}

/** A `RollingSwap` lane: its stop rule closed by other lanes' failures, config-only updates, a plan edit. */
function drawFleet(rng: Rng, schedule: Schedule, world: World): void {
    if (!rng.chance(WORLD_ODDS.fleet)) return;
    const fleet: FleetStart = {
        continueOnFailure: rng.chance(WORLD_ODDS.fleetContinueOnFailure),
        configUpdates: rng.chance(WORLD_ODDS.configUpdates) ? Array.from({ length: rng.int(1, 3) }, () => rng.chance(WORLD_ODDS.stoppedUpdate)) : [],
    };
    world.fleet = fleet;
    if (rng.chance(WORLD_ODDS.readded)) {
        const removedFrom = schedule.phases[schedule.phases.length - 1];
        removedFrom.removedAfterRun = rng.int(0, 2);
        const back = phasePlan(rng);
        back.start = "readded";
        // As for a chained swap: a new intent on another machine within the listing delay is a documented limit.
        for (const r of back.runs) if (r.fresh) r.gapBeforeMs = Math.max(r.gapBeforeMs, MAX_LIST_DELAY_MS);
        schedule.phases.push(back);
    }
    if (!rng.chance(WORLD_ODDS.laneFailures)) return;
    for (let i = rng.int(1, 3); i > 0; i--) {
        const event = placed(rng, schedule.phases.length, { kind: "lane-failed" }, 0.3);
        // Often in a later run too, where state may hold a record that the stop rule must keep.
        if (rng.chance(0.5)) event.run = rng.int(1, LAST_FAULTY_RUN);
        world.events.push(event);
    }
}

/** How the 0.1.0 run that wrote the state went; otc (no async API) always ended up on the sync swap. */
function drawLegacy(rng: Rng, roles: boolean): LegacyStart | undefined {
    if (!rng.chance(WORLD_ODDS.legacy)) return undefined;
    const r = rng.float();
    return {
        api: roles && rng.chance(0.7) ? "async" : "sync",
        end: r < 0.15 ? "killed-after-accept" : r < 0.25 ? "killed-before-send" : "waited",
        // Short ones time out while the swap runs (2-120 s, sometimes queued longer).
        timeoutMs: rng.pick([5000, 20_000, 60_000, 300_000, 1_800_000]),
        // Sometimes at once (the swap may still run), mostly minutes to days later.
        upgradeAfterMs: rng.chance(0.25) ? rng.int(0, 60_000) : Math.round(logUniform(rng, MIN, 3 * 24 * 60 * MIN)),
    };
}

/** Someone else's swap: OTC has no async API. */
function foreignSwap(rng: Rng, roles: boolean): WorldWhat {
    return {
        kind: "foreign-swap",
        api: roles && rng.chance(0.7) ? "async" : "sync",
        fail: rng.chance(0.3),
        durationMs: Math.round(logUniform(rng, 2000, 120_000)),
        listDelayMs: rng.int(0, MAX_LIST_DELAY_MS),
    };
}

/** Mostly in a phase's first run (most phases end there); at its start, at an early await point, or right after an intent. */
function placed(rng: Rng, phases: number, what: WorldWhat, afterIntentOdds: number): WorldEvent {
    const phase = rng.int(0, phases - 1);
    const run = rng.chance(0.6) ? 0 : rng.int(1, LAST_FAULTY_RUN);
    const r = rng.float();
    const at = r < afterIntentOdds ? "after-intent" : r < afterIntentOdds + 0.15 ? "start" : 1 + Math.floor(rng.float() ** 2 * 60);
    return { phase, run, at, what };
}

function logUniform(rng: Rng, min: number, max: number): number {
    return min * Math.exp(rng.float() * Math.log(max / min));
}
