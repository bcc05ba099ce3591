/**
 * A schedule: everything one chaos case does, as plain data (printed in traces, so a failing case
 * can be read and replayed). `generate.ts` draws one from a seed; focused tests write one with
 * `scripted()`. Faults and kills apply only in a phase's runs before `calmFromRun`.
 */
import { KillPlan } from "./process";
import { PhaseStart, SwapApi, World } from "./world";

/** `huaweicloud`: tasks carry `job_id`, the async PUT answers `{job_id}`. `otc`: no `job_id` on tasks, no async API (404 APIG.0101), so the sync POST (204) is used. */
export type Profile = "huaweicloud" | "otc";

export type FiveXx = 500 | 502 | 503 | 504 | 507 | 524;
export const FIVE_XX: readonly FiveXx[] = [500, 502, 503, 504, 507, 524];

/**
 * What goes wrong with one trigger request. `performed`: whether DCS processed it although the answer
 * was lost; `lagMs`: the backend processed it that long after the client got the error (a gateway
 * 504 while the backend carries on). Lag plus listing delay stay below the 30 s grace.
 */
export type TriggerFault =
    | { kind: "reset-before" }
    | { kind: "reset-after"; performed: boolean; lagMs?: number }
    | { kind: "timeout"; performed: boolean; lagMs?: number }
    | { kind: "5xx"; status: FiveXx; performed: boolean; lagMs?: number }
    | { kind: "no-job-id"; body: "{}" | "text" }
    | { kind: "throttled" }
    /** Another task (a backup) keeps the instance busy for `forMs` from this request on. */
    | { kind: "busy"; forMs: number };

/** The n-th trigger request of a phase. `listOutageMs`: the task list fails from this request on, for that long. */
export interface SendPlan {
    fault?: TriggerFault;
    listOutageMs?: number;
}

/** One `pulumi up`. */
export interface RunPlan {
    /** On a fresh runner (empty journal) instead of the previous run's machine. */
    fresh: boolean;
    /** Time between the previous run's end and this run's start. */
    gapBeforeMs: number;
    kill?: KillPlan;
}

/** The runs of one swap operation: a single swap has one phase, the deliberate re-run two (see `PhaseStart` for the others). */
export interface PhasePlan {
    runs: RunPlan[];
    sends: SendPlan[];
    /** Runs from this index on have no faults and no kills. */
    calmFromRun: number;
    /** How it begins, after the previous phase's SUCCESS (phase 0: a first swap; later phases default to "rerun"). */
    start?: PhaseStart;
    /** The `api` input of each run (default "auto"). */
    apis?: SwapApi[];
    /** At the first run (after the first) that starts with an in-flight record in state, record a new intent (aliases). */
    rerecord?: boolean;
    /**
     * A `RollingSwap` plan edit: the instance is taken out of `instanceIds` after this run, or after
     * the phase's SUCCESS if that comes first; the next phase ("readded") adds it back.
     */
    removedAfterRun?: number;
}

/** How one accepted swap behaves (by order of acceptance). `fail` and `queuedMs` apply only to swaps accepted in a faulty run. */
export interface SwapTraits {
    /** INIT → RUNNING → end, in all (2–120 s). */
    durationMs: number;
    initMs: number;
    /** After acceptance, before `listBackgroundTask` shows it (below the 30 s identify grace: the documented assumption). */
    listDelayMs: number;
    fail: boolean;
    /** Reported as the unknown status QUEUED this long before INIT. */
    queuedMs: number;
    /** `showJob` answers 404 DCS.4001 this long after acceptance. */
    notFoundMs: number;
}

export interface Schedule {
    seed: number;
    profile: Profile;
    /** Server clock minus client clock (±10 min). */
    skewMs: number;
    /** Earlier swap tasks (SUCCESS/FAILED) and other tasks already listed on the instance. */
    historySwaps: number;
    historyOthers: number;
    /** The server's largest page (1000, or lower to force paging). */
    pageCap: number;
    order: "asc" | "desc";
    /** Each API call takes up to this long (uniform); a timed-out trigger takes the client's 30 s request timeout. */
    latencyMs: number;
    /** The resource's timeout: each run's deadline. */
    timeoutMs: number;
    /** `Journal.write` fails (returns false, keeps nothing) on every machine. */
    journalWriteFails: boolean;
    listFailProbability: number;
    showJobFailProbability: number;
    swaps: SwapTraits[];
    phases: PhasePlan[];
    /** Beyond the design's premises (default `PREMISES`). */
    world?: World;
}

/** Traits of swaps beyond `Schedule.swaps`. */
export const PLAIN_SWAP: SwapTraits = { durationMs: 20_000, initMs: 1000, listDelayMs: 5000, fail: false, queuedMs: 0, notFoundMs: 0 };

export const plainRun = (overrides: Partial<RunPlan> = {}): RunPlan => ({ fresh: false, gapBeforeMs: 0, ...overrides });

/** A hand-written schedule: no faults unless given; phases default to 8 plain runs, faults in run 0 only. */
export function scripted(overrides: Omit<Partial<Schedule>, "phases"> & { phases?: Partial<PhasePlan>[] } = {}): Schedule {
    const { phases, ...rest } = overrides;
    const phase = (p: Partial<PhasePlan> = {}): PhasePlan => {
        const runs = [...(p.runs ?? [])];
        while (runs.length < 8) runs.push(plainRun());
        return { sends: [], calmFromRun: 1, ...p, runs };
    };
    return {
        seed: 1,
        profile: "huaweicloud",
        skewMs: 0,
        historySwaps: 3,
        historyOthers: 2,
        pageCap: 1000,
        order: "desc",
        latencyMs: 0,
        timeoutMs: 30 * 60_000,
        journalWriteFails: false,
        listFailProbability: 0,
        showJobFailProbability: 0,
        swaps: [],
        ...rest,
        phases: (phases ?? [{}]).map(phase),
    };
}
