/**
 * The engine driver: one MasterStandbySwap resource through up to `runs.length` `pulumi up`s per
 * intent. Pulumi state holds the intent (recorded first, by its own step) and the swap's
 * `OperationRecord`. Each run: record an intent if there is none, then `runOperation` (a create
 * when state has no record, an update otherwise); a resolved record or an `OperationError`'s
 * record goes to state, any other error leaves state as it was, a killed run leaves it untouched.
 */
import { asyncSwapSpec, sendTrigger, syncSwapSpec } from "../../../provider/dcs";
import {
    InstanceViews,
    Intent,
    OperationError,
    OperationPorts,
    OperationRecord,
    OperationTarget,
    SwapInProgressError,
    recordIntent,
    runOperation,
    succeeded,
} from "../../../provider/operations";
import { ChaosClock } from "./clock";
import { DcsApi, SentRequest } from "./dcs-api";
import { DcsModel, INSTANCE_ID, ModelSwap, PROJECT_ID, SWAP_TASK } from "./dcs-model";
import { Machine } from "./machine";
import { Process } from "./process";
import { Rng } from "./rng";
import { RunPlan, Schedule } from "./schedule";
import { Tally, Trace } from "./trace";

/** Small retry options for `sendTrigger` (throttled and refused attempts back off, bounded by the deadline). */
const TRIGGER_RETRY = { maxAttempts: 5, baseDelayMs: 250, throttleBaseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 10_000 };
/** After the last run, long enough for every accepted job to end, so every switchover is counted. */
const SETTLE_MS = 24 * 3_600_000;

/** What Pulumi state holds for the resource. */
export interface ResourceState {
    intent?: Intent;
    record?: OperationRecord;
}

export interface RunResult {
    phase: number;
    run: number;
    machine: number;
    fresh: boolean;
    calm: boolean;
    outcome: "success" | "partial" | "error" | "killed" | "no-intent";
    /** What this run wrote to state (nothing when it died or failed with a plain error). */
    record?: OperationRecord;
    error?: Error;
    killMode?: string;
}

export interface PhaseResult {
    phase: number;
    final?: OperationRecord;
    runs: number;
}

export interface ScheduleRun {
    schedule: Schedule;
    phases: PhaseResult[];
    runs: RunResult[];
    swaps: ModelSwap[];
    /** Trigger requests, in order. */
    requests: SentRequest[];
    /** Switchovers per intent, once every job has ended. */
    switchovers: number[];
    tally: Tally;
    trace: Trace;
}

/** Plays one schedule to its end. Deterministic: the same schedule gives the same result and trace. */
export async function driveSchedule(schedule: Schedule, options: { trace?: boolean } = {}): Promise<ScheduleRun> {
    const clock = new ChaosClock();
    const trace = new Trace(clock, options.trace ?? false);
    const tally = new Tally();
    const rng = new Rng(schedule.seed ^ 0x5eed5eed);
    const model = new DcsModel(schedule, clock, rng, trace, tally);
    const api = new DcsApi(model, clock, rng, trace, tally);
    let machines = 0;
    let machine = new Machine(machines, schedule.journalWriteFails);
    if (schedule.journalWriteFails) tally.add("journal-fails");
    const phases: PhaseResult[] = [];
    const runs: RunResult[] = [];

    for (const [phase, plan] of schedule.phases.entries()) {
        const state: ResourceState = {};
        let run = 0;
        for (; run < plan.runs.length && !succeeded(state.record); run++) {
            const runPlan = plan.runs[run];
            const calm = run >= plan.calmFromRun;
            clock.advance(runPlan.gapBeforeMs);
            const fresh = runPlan.fresh && (phase > 0 || run > 0);
            if (fresh) {
                machine = new Machine(++machines, schedule.journalWriteFails);
                tally.add("fresh-runner");
            }
            const process = new Process(calm ? undefined : runPlan.kill);
            clock.process = process;
            api.beginRun({ phase, run, calm, process, sends: plan.sends });
            trace.where = `i${phase} run ${run}`;
            trace.log(
                `── pulumi up on ${fresh ? "a fresh runner" : "machine"} #${machine.id}${calm ? " (calm)" : ""}${describeKill(calm ? undefined : runPlan)}; state: ` +
                    `${state.intent ? "intent" : "nothing"}${state.record ? ` + ${state.record.status}` : ""}`,
            );
            const result = await oneRun({ schedule, clock, api, model, machine, process, state, trace, rng });
            clock.process = undefined;
            if (process.dead) {
                tally.add("kill");
                tally.add(`kill-${runPlan.kill?.mode}`);
            }
            const entry: RunResult = { phase, run, machine: machine.id, fresh, calm, ...result, killMode: process.dead ? runPlan.kill?.mode : undefined };
            runs.push(entry);
            trace.log(`── ${entry.outcome}${entry.record ? `: state ${entry.record.status}` : ""}${entry.error ? ` (${entry.error.message})` : ""}`);
        }
        phases.push({ phase, final: state.record, runs: run });
        // A deliberate re-run only follows a swap that succeeded.
        if (!succeeded(state.record)) break;
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

interface RunEnv {
    schedule: Schedule;
    clock: ChaosClock;
    api: DcsApi;
    model: DcsModel;
    machine: Machine;
    process: Process;
    state: ResourceState;
    trace: Trace;
    rng: Rng;
}

async function oneRun(env: RunEnv): Promise<Pick<RunResult, "outcome" | "record" | "error">> {
    const { schedule, clock, api, process, state, trace, rng } = env;
    const instances: InstanceViews = { show: () => api.showInstance(), master: () => api.master() };
    let fresh = false;
    if (!state.intent) {
        try {
            // The clock goes along so that a `recordIntent` that waits (the fix of the re-run bug) waits in virtual time.
            const intentOptions = { deadline: clock.now() + schedule.timeoutMs, clock, journal: env.machine.journal(process, trace) };
            const intent = await recordIntent(api, { instanceId: INSTANCE_ID, taskName: SWAP_TASK, switchover: true }, { ...intentOptions, instances });
            process.step(); // the engine writes the intent to state
            state.intent = intent;
            fresh = true;
            trace.log(`intent recorded, baseline of ${intent.baselineTaskIds?.length ?? 0} swap tasks`);
        } catch (error) {
            return process.dead ? { outcome: "killed" } : { outcome: "no-intent", error: error as Error };
        }
    }
    const intent = state.intent;
    const target: OperationTarget = {
        operation: "master/standby swap",
        instanceId: INSTANCE_ID,
        taskName: SWAP_TASK,
        sends: [
            { api: "async", spec: asyncSwapSpec(PROJECT_ID, INSTANCE_ID) },
            { api: "sync", spec: syncSwapSpec(PROJECT_ID, INSTANCE_ID) },
        ],
        intent: { id: intent.intentId, baseline: intent.baselineTaskIds, baselineMaster: intent.baselineMaster, fresh },
        conflict: (task) => new SwapInProgressError(INSTANCE_ID, task.id, task.jobId),
        switchover: true,
    };
    const ports: OperationPorts = {
        clock,
        trigger: (spec, o) =>
            sendTrigger(spec, {
                send: (request) => api.send(request),
                showInstance: () => api.showInstance(),
                clock,
                deadline: o.deadline,
                signal: o.signal,
                retry: TRIGGER_RETRY,
                maxAttempts: 10,
                onEvent: (e) => {
                    trace.log(() => `trigger event: ${e.kind}`);
                    o.onEvent?.(e);
                },
                onBusy: o.onBusy,
                random: rng.float,
            }),
        jobs: { showJob: (jobId) => api.showJob(jobId) },
        tasks: api,
        instances,
        journal: env.machine.journal(process, trace),
        log: (message) => trace.log(() => `lifecycle: ${message}`),
    };
    let result: Pick<RunResult, "outcome" | "record" | "error">;
    try {
        const record = await runOperation(target, state.record, ports, { deadline: clock.now() + schedule.timeoutMs, random: rng.float });
        result = { outcome: "success", record };
    } catch (error) {
        result = error instanceof OperationError ? { outcome: "partial", record: error.record, error } : { outcome: "error", error: error as Error };
    }
    if (process.dead) return { outcome: "killed" };
    if (result.record) {
        try {
            process.step(); // the engine writes outputs (or the partial failure) to state
        } catch {
            return { outcome: "killed" };
        }
        state.record = result.record;
    }
    return result;
}

function describeKill(plan: RunPlan | undefined): string {
    const kill = plan?.kill;
    if (!kill) return "";
    return kill.mode === "at-step" ? `, dies at await point ${kill.atStep}` : `, dies ${kill.mode}`;
}
