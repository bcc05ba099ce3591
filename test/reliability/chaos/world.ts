/**
 * What the model check adds beyond the premises of docs/design/exactly-once.md ("the world"): a
 * sync swap DCS may not list, clouds without node roles, DCS forgetting finished jobs and tasks,
 * and events at random moments — an operator's own swaps, node-role reads failing, wall-clock
 * steps. Plain data, part of a `Schedule` (`generate-world.ts` draws it; `PREMISES` is the world
 * the design argues in, and what `scripted()` schedules get unless told otherwise).
 */

/** The swap resource's `api` input for one run. */
export type SwapApi = "auto" | "async" | "sync";

/** How a phase (one swap resource's operation) begins. */
export type PhaseStart =
    /** The deliberate re-run: `triggers` changed after the previous phase's SUCCESS; a new intent. */
    | "rerun"
    /**
     * `pulumi up --replace` (or a targeted destroy, then up) after the previous phase's SUCCESS: the
     * swap is created again, no record, under the SAME intent, which is not fresh.
     */
    | "replace"
    /** A second swap resource on the instance, `dependsOn` the first: its intent is recorded once the first ended, in the same `pulumi up`. */
    | "chained"
    /**
     * A `RollingSwap` plan edit: the instance was taken out of `instanceIds` after some run of the
     * previous phase (its swap and intent deleted from state, whatever they held) and is back now,
     * under the same `triggers`: a new swap resource that swaps again, named in a preview warning
     * (docs/rolling-swaps.md). The previous phase need not have succeeded.
     */
    | "readded";

export type WorldWhat =
    /** Someone else swaps (console, CLI): accepted unless the instance is busy; listed like ours. */
    | { kind: "foreign-swap"; api: "async" | "sync"; fail: boolean; durationMs: number; listDelayMs: number }
    /** The node roles (showNodes, the master) cannot be read for this long. */
    | { kind: "role-outage"; forMs: number }
    /** The runner's wall clock (`wallNow()`) steps; the monotonic `now()` and the timers do not. */
    | { kind: "clock-step"; deltaMs: number }
    /** Another lane of the `RollingSwap` this swap belongs to FAILED: the stop rule of this `pulumi up` closes (`fleet-gate.ts`). */
    | { kind: "lane-failed" };

/**
 * One event, in run `run` of phase `phase`, and only if that run is not calm (like faults): at the
 * run's start, at its Nth await point, or right after an intent of the phase is written to state
 * (between intent and send; the first intent recorded at or after run `run`).
 */
export interface WorldEvent {
    phase: number;
    run: number;
    at: "start" | "after-intent" | number;
    what: WorldWhat;
}

/**
 * Phase 0 begins from state the 0.1.0 package left (`legacy.ts` plays that run against the model).
 * 0.1 had no intents: it sent the swap itself and waited for it, then wrote what it saw, or nothing
 * when it was killed before the engine wrote state.
 */
export interface LegacyStart {
    /** What 0.1 sent: the async swap (a job) or the sync one (204; otc has no async API). */
    api: "async" | "sync";
    /** How the 0.1 run ended: it waited (until the swap ended, its timeout, or its 404 grace for an unlisted sync swap), or was killed. */
    end: "waited" | "killed-before-send" | "killed-after-accept";
    /** 0.1's own timeout: its waiter gave up after it and kept the job (or `pending-since-<ms>`) as RUNNING. */
    timeoutMs: number;
    /** From the end of the 0.1 run to the upgraded program's first `pulumi up`. */
    upgradeAfterMs: number;
}

/**
 * The swap is one lane of a `RollingSwap`: each run goes through the runtime's own stop rule
 * (`underStopRule` at create/update, `beforeSend` before any send), with the stop rule of each
 * `pulumi up` its own, as the runtime keys it. `lane-failed` events close it.
 */
export interface FleetStart {
    continueOnFailure: boolean;
    /**
     * Config-only updates (a new `timeout`) after a phase's SUCCESS, each its own `pulumi up`; in
     * those marked true, another lane has FAILED before the update reaches this swap.
     */
    configUpdates: boolean[];
}

export interface World {
    /** DCS lists a sync swap (`POST …/swap`) as a `masterStandbySwapJob` task; nothing documents that it does. */
    syncListed: boolean;
    /** The node roles can be read (Huawei Cloud's logical-nodes); OTC documents no node list. */
    roles: boolean;
    /** DCS forgets a finished job this long after it ended: `GET /jobs/{id}` answers 404. */
    jobRetentionMs?: number;
    /** DCS drops a finished task from the task list this long after it ended. */
    taskRetentionMs?: number;
    events: WorldEvent[];
    /** Phase 0 starts from 0.1.0 state. */
    legacy?: LegacyStart;
    /** The swap is a lane of a `RollingSwap` (never with 0.1.0 state: 0.1.0 had no `RollingSwap`). */
    fleet?: FleetStart;
}

/** The design's premises: every swap listed, roles readable everywhere, nothing forgotten, no one else acts. */
export const PREMISES: World = { syncListed: true, roles: true, events: [] };

/** Tally keys of the world traits (how many schedules exercised each), with what they mean: for the summaries. */
export const WORLD_KINDS: Record<string, string> = {
    "sync-listed": "a sync swap (204) DCS lists as a task",
    "sync-unlisted": "a sync swap (204) DCS does not list",
    "api-change": "the `api` input changed between two runs of one swap",
    "foreign-swap": "someone else's swap accepted by DCS",
    "foreign-swap-failed": "someone else's swap accepted, and it FAILED",
    "foreign-refused": "someone else's swap refused (instance busy)",
    "foreign-after-intent": "someone else swapped right after our intent was written (before our send)",
    "retention-job-404": "GET job answered 404: DCS forgot the finished job",
    "retention-task-gone": "a task list read without a finished task DCS forgot",
    "clock-step": "the runner's wall clock stepped (±60 s … ±1 h)",
    "role-outage": "node-role reads failing for a while (huaweicloud)",
    "role-read-failed": "a node-role read failed",
    replace: "`pulumi up --replace` / destroy + up: the swap created again under the same intent",
    "alias-rerecord": "a new intent recorded while state held an in-flight record (aliases)",
    chained: "a second swap resource on the instance, recorded after the first ended",
    legacy: "phase 0 starts from state the 0.1.0 package left (it sent the swap itself, with no intent)",
    "legacy-success": "0.1 state: the job (or sync task) recorded SUCCESS",
    "legacy-fail": "0.1 state: the job (or sync task) recorded FAIL",
    "legacy-running": "0.1 state: 0.1 timed out while its job (or listed sync task) ran: RUNNING with its id",
    "legacy-sync-task": "0.1 state: a sync swap whose task 0.1 found, its task id kept as `jobId`",
    "legacy-pending": "0.1 state: a sync swap 0.1 never found: `jobId: pending-since-<ms>`, RUNNING",
    "legacy-killed-unsent": "0.1 run killed before its send: no record, nothing sent",
    "legacy-killed-sent": "0.1 run killed after DCS accepted its swap: no record (documented risk)",
    fleet: "the swap is a lane of a RollingSwap (the runtime's stop rule)",
    "fleet-continue": "a RollingSwap with continueOnFailure",
    "lane-failed": "another lane FAILED: the stop rule of that pulumi up closed",
    "held-back": "a swap without a record held back by the stop rule (NOT_STARTED, nothing sent)",
    "held-back-before-send": "a send stopped by the stop rule checked right before it (SendHeldBackError)",
    "stopped-with-record": "an unfinished record in state run under a closed stop rule (it runs, and is kept)",
    "intent-deferred": "an intent deferred by a closed stop rule, recorded by a later run",
    "config-update": "a config-only update of a finished swap",
    "config-update-stopped": "a config-only update of a finished swap under a closed stop rule",
    readded: "taken out of instanceIds and added back under the same triggers (a new resource; warned at preview)",
    "removed-in-flight": "taken out of instanceIds while its record was unfinished",
};
