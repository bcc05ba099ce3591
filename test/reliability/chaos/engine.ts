/**
 * The engine driver: swap resources on one instance through up to `runs.length` `pulumi up`s per
 * phase (one phase = one swap operation; see `PhaseStart` for how a later one begins). Pulumi state
 * holds the intent (recorded first, by its own step) and the swap's `OperationRecord`; one run of
 * one resource is `resourceRun`. A chained swap's first run is the rest of the `pulumi up` whose
 * run ended the previous swap (same process, same machine), when that process is still alive.
 */
import { NOT_SENT, OperationRecord, succeeded } from "../../../provider/operations";
import { SendHeldBackError } from "../../../provider/resources/runtime/errors/send-held-back-error";
import { NOT_STARTED } from "../../../provider/resources/runtime/fleet-gate";
import { ChaosClock } from "./clock";
import { DcsApi, SentRequest } from "./dcs-api";
import { DcsModel, ModelSwap } from "./dcs-model";
import { WorldEvents } from "./events";
import { Machine } from "./machine";
import { Process } from "./process";
import { LegacyOutcome, playLegacy } from "./legacy";
import { anotherLaneFailed, membershipOf } from "./fleet-lane";
import { IntentAt, ResourceState, RunOutcome, resourceRun } from "./resource-run";
import { Rng } from "./rng";
import { RunPlan, Schedule } from "./schedule";
import { Tally, Trace } from "./trace";
import { PhaseStart, SwapApi } from "./world";

export type { ResourceState } from "./resource-run";

/** After the last run, long enough for every accepted job to end, so every switchover is counted. */
const SETTLE_MS = 24 * 3_600_000;

export interface RunResult {
    phase: number;
    run: number;
    machine: number;
    fresh: boolean;
    calm: boolean;
    outcome: RunOutcome;
    /** What this run wrote to state (nothing when it died or failed with a plain error). */
    record?: OperationRecord;
    error?: Error;
    killMode?: string;
    /** The resource's `api` input. */
    api: SwapApi;
    /** Server ms at which this run's part for the resource ended. */
    endedAt: number;
    /** A chained swap's part of the `pulumi up` that ended the previous swap. */
    inProcess?: boolean;
    /** A rolling swap's lane: a config-only update after the phase's SUCCESS. */
    configUpdate?: boolean;
    /** State held a record before this run and none after: a rolling swap's stop rule dropped it. */
    droppedRecord?: boolean;
    /** What a rolling swap's lane wrote to state as outputs. */
    outs?: Record<string, unknown>;
}

export interface PhaseResult {
    phase: number;
    start?: PhaseStart;
    final?: OperationRecord;
    runs: number;
    /** The intents the phase ran under, in order: a replace starts with the previous phase's, an alias adds one. */
    intents: IntentAt[];
    /** Server ms of the end of the run that reached SUCCESS. */
    successAt?: number;
    /** A replace whose create ran where nothing knew its intent was used: adopting is a documented risk there. */
    replaceUnrecognised?: boolean;
    /** Phase 0 began from 0.1.0 state: how that run ended, and when it sent (server ms). */
    legacy?: LegacyOutcome;
    /** A rolling swap's plan edit took the instance out after this phase's last run: its state was deleted. */
    removed?: boolean;
    /** The SUCCESS record before the config-only updates that followed it (`final` is after them). */
    beforeUpdates?: OperationRecord;
}

export interface ScheduleRun {
    schedule: Schedule;
    phases: PhaseResult[];
    runs: RunResult[];
    swaps: ModelSwap[];
    /** Trigger requests, in order. */
    requests: SentRequest[];
    /** Switchovers per phase (the lifecycle's own swaps), once every job has ended. */
    switchovers: number[];
    tally: Tally;
    trace: Trace;
}

/** A record of a swap that may run or may have run, not known to have ended: SENT, ACCEPTED, or a job/task in flight. */
function inFlight(record: OperationRecord | undefined): boolean {
    return record !== undefined && !["SUCCESS", "FAIL", NOT_SENT].includes(record.status);
}

/** Plays one schedule to its end. Deterministic: the same schedule gives the same result and trace. */
export async function driveSchedule(schedule: Schedule, options: { trace?: boolean } = {}): Promise<ScheduleRun> {
    const clock = new ChaosClock();
    const trace = new Trace(clock, options.trace ?? false);
    const tally = new Tally();
    const rng = new Rng(schedule.seed ^ 0x5eed5eed);
    const model = new DcsModel(schedule, clock, rng, trace, tally);
    const api = new DcsApi(model, clock, rng, trace, tally);
    const events = new WorldEvents(model, api, clock, trace, tally);
    /** What every run of the schedule shares. */
    const world = { schedule, tally, clock, api, model, events, trace, rng };
    let machines = 0;
    let machine = new Machine(machines, schedule.journalWriteFails);
    if (schedule.journalWriteFails) tally.add("journal-fails");
    const fleet = schedule.world?.fleet;
    if (fleet) tally.add(fleet.continueOnFailure ? "fleet-continue" : "fleet");
    const phases: PhaseResult[] = [];
    const runs: RunResult[] = [];
    /** The process of the run that ended the previous phase in SUCCESS, while alive: a chained swap goes on in it. */
    let carry: { process: Process; calm: boolean } | undefined;

    for (const [phase, plan] of schedule.phases.entries()) {
        const start = phase === 0 ? undefined : (plan.start ?? "rerun");
        if (start && start !== "rerun") tally.add(start);
        if (start === "readded" && phases[phase - 1] && !succeeded(phases[phase - 1].final)) tally.add("removed-in-flight");
        const inherited = start === "replace" ? phases[phase - 1].intents.at(-1) : undefined;
        const state: ResourceState = { intent: inherited?.intent };
        const intents: IntentAt[] = inherited ? [inherited] : [];
        const result: PhaseResult = { phase, start, runs: 0, intents };
        const legacy = phase === 0 ? schedule.world?.legacy : undefined;
        if (legacy) {
            // The state 0.1.0 left: a record without an intent (or nothing), then the upgrade.
            result.legacy = playLegacy(legacy, model, clock, trace, tally);
            state.record = result.legacy.record;
            clock.advance(legacy.upgradeAfterMs);
        }
        let rerecorded = false;
        let run = 0;
        const removedAfter = plan.removedAfterRun ?? Infinity;
        // A 0.1 SUCCESS still gets its first upgraded run: the intent is recorded, the update makes no call.
        for (; run < plan.runs.length && run <= removedAfter && (!succeeded(state.record) || !state.intent); run++) {
            const runPlan = plan.runs[run];
            const inProcess = run === 0 && start === "chained" && carry !== undefined;
            let process: Process;
            let calm: boolean;
            let fresh = false;
            if (inProcess) {
                ({ process, calm } = carry!);
            } else {
                calm = run >= plan.calmFromRun;
                clock.advance(runPlan.gapBeforeMs);
                fresh = runPlan.fresh && (phase > 0 || run > 0);
                if (fresh) {
                    machine = new Machine(++machines, schedule.journalWriteFails);
                    tally.add("fresh-runner");
                }
                process = new Process(calm ? undefined : runPlan.kill);
            }
            carry = undefined;
            // Before the run's events: a lane failure at its start closes this process's stop rule.
            if (fleet) membershipOf(process, fleet);
            clock.process = process;
            api.beginRun({ phase, run, calm, process, sends: plan.sends });
            trace.where = `i${phase} run ${run}`;
            const swapApi = plan.apis?.[run] ?? "auto";
            if (run > 0 && swapApi !== (plan.apis?.[run - 1] ?? "auto")) tally.add("api-change");
            if (plan.rerecord && !rerecorded && run > 0 && inFlight(state.record)) {
                rerecorded = true;
                state.intent = undefined;
                tally.add("alias-rerecord");
                trace.log(`(the swap's intent is new under an alias: a new intent will be recorded; state keeps ${state.record!.status})`);
            }
            trace.log(
                `── ${inProcess ? "the same pulumi up goes on to the chained swap" : `pulumi up on ${fresh ? "a fresh runner" : "machine"} #${machine.id}`}` +
                    `${calm ? " (calm)" : ""}${inProcess ? "" : describeKill(calm ? undefined : runPlan)}${swapApi === "auto" ? "" : `, api: ${swapApi}`}; state: ` +
                    `${state.intent ? "intent" : "nothing"}${state.record ? ` + ${state.record.status}` : ""}`,
            );
            events.beginRun(phase, run, calm, process);
            const hadRecord = state.record !== undefined;
            const env = { ...world, machine, process, state, phase, run, calm, swapApi, intents, replaceOf: inherited?.intent.intentId };
            const outcome = await resourceRun(env);
            clock.process = undefined;
            if (process.dead) {
                tally.add("kill");
                tally.add(`kill-${process.kill?.mode}`);
            }
            const entry: RunResult = {
                phase,
                run,
                machine: machine.id,
                fresh,
                calm,
                ...outcome,
                killMode: process.dead ? process.kill?.mode : undefined,
                api: swapApi,
                endedAt: model.serverNow(),
                inProcess: inProcess || undefined,
                droppedRecord: (hadRecord && state.record === undefined) || undefined,
            };
            tallyHeldBack(entry, tally);
            runs.push(entry);
            trace.log(`── ${entry.outcome}${entry.record ? `: state ${entry.record.status}` : ""}${entry.error ? ` (${entry.error.message})` : ""}`);
            if (succeeded(state.record)) {
                result.successAt = entry.endedAt;
                if (!process.dead) carry = { process, calm };
            }
        }
        result.final = state.record;
        result.runs = run;
        result.replaceUnrecognised = state.replaceUnrecognised;
        result.removed = plan.removedAfterRun !== undefined || undefined;
        phases.push(result);
        if (fleet && phase === schedule.phases.length - 1 && succeeded(state.record)) {
            // Config-only updates of the finished lane (a new `timeout`), each its own `pulumi up`, without faults.
            result.beforeUpdates = state.record;
            for (const [i, stopped] of fleet.configUpdates.entries()) {
                clock.advance(60_000);
                const process = new Process();
                clock.process = process;
                api.beginRun({ phase, run: run + i, calm: true, process, sends: plan.sends });
                membershipOf(process, fleet);
                events.beginRun(phase, run + i, true, process);
                tally.add("config-update");
                if (stopped) {
                    tally.add("config-update-stopped");
                    anotherLaneFailed(process);
                }
                trace.log(`── config-only update (a new timeout) in a pulumi up of its own${stopped ? ", another lane having FAILED" : ""}`);
                const env = { ...world, machine, process, state, phase, run: run + i, calm: true, swapApi: plan.apis?.at(-1) ?? "auto", intents };
                const outcome = await resourceRun(env);
                clock.process = undefined;
                const entry: RunResult = {
                    phase,
                    run: run + i,
                    machine: machine.id,
                    fresh: false,
                    calm: true,
                    ...outcome,
                    api: env.swapApi,
                    endedAt: model.serverNow(),
                    configUpdate: true,
                };
                tallyHeldBack(entry, tally);
                runs.push(entry);
                trace.log(`── ${entry.outcome}${state.record ? `: state ${state.record.status}` : ": state holds no record"}`);
            }
            result.final = state.record;
        }
        // A later phase only follows a swap that succeeded, or one the plan edit took out (it comes back as a new resource).
        if (!succeeded(state.record) && !result.removed) break;
    }
    clock.advance(SETTLE_MS);
    return {
        schedule,
        phases,
        runs,
        swaps: model.swaps,
        requests: api.requests,
        switchovers: schedule.phases.map((_, p) => model.switchovers(p)),
        tally,
        trace,
    };
}

/** How a rolling swap's stop rule held a run back, for the trait tallies. */
function tallyHeldBack(entry: RunResult, tally: Tally): void {
    if (entry.outcome !== "held-back") return;
    tally.add(entry.outs?.status === NOT_STARTED ? "held-back" : "held-back-kept-record");
    if (entry.error?.cause instanceof SendHeldBackError) tally.add("held-back-before-send");
}

function describeKill(plan: RunPlan | undefined): string {
    const kill = plan?.kill;
    if (!kill) return "";
    return kill.mode === "at-step" ? `, dies at await point ${kill.atStep}` : `, dies ${kill.mode}`;
}
