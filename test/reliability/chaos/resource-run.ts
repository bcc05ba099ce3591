/**
 * One swap resource's part of one `pulumi up`, as the engine runs it: record an intent if state
 * has none (its own step, written to state first), then `runOperation` (a create when state has no
 * record, an update otherwise); a resolved record or an `OperationError`'s record goes to state,
 * any other error leaves state as it was, a killed run leaves it untouched. As `runForResource`
 * does, a run that ends alive clears the intent's journal entry before state is written.
 */
import { sendTrigger } from "../../../provider/dcs";
import {
    InstanceViews,
    Intent,
    OperationError,
    OperationPorts,
    OperationRecord,
    recordIntent,
    runOperation,
    succeeded,
    swapTarget,
    undecided,
} from "../../../provider/operations";
import { checkBeforeSend } from "../../../provider/resources/runtime/fleet-gate";
import { ChaosClock } from "./clock";
import { DcsApi } from "./dcs-api";
import { DcsModel, INSTANCE_ID, PROJECT_ID, SWAP_TASK } from "./dcs-model";
import { WorldEvents } from "./events";
import { Machine } from "./machine";
import { recordOf } from "../../../provider/resources/runtime/operation";
import { LaneRun, membershipOf, runAsLane, stoppedIn } from "./fleet-lane";
import { Process } from "./process";
import { Rng } from "./rng";
import { Schedule } from "./schedule";
import { Tally, Trace } from "./trace";
import { SwapApi } from "./world";

/** Small retry options for `sendTrigger` (throttled and refused attempts back off, bounded by the deadline). */
const TRIGGER_RETRY = { maxAttempts: 5, baseDelayMs: 250, throttleBaseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 10_000 };

/** What Pulumi state holds for the resource. */
export interface ResourceState {
    intent?: Intent;
    record?: OperationRecord;
    /** The intent `record` was produced under (the runtime keeps it in the swap's outputs). */
    recordIntent?: Intent;
    /** A replace's create ran where nothing knew the intent was used (another machine): its adoption is a documented risk. */
    replaceUnrecognised?: boolean;
}

/** An intent as recorded: when (server ms) and in which run of its phase. */
export interface IntentAt {
    intent: Intent;
    at: number;
    run: number;
}

export type RunOutcome = "success" | "partial" | "error" | "killed" | "no-intent" | "held-back";

type Ran = LaneRun<RunOutcome>;

export interface ResourceRunEnv {
    schedule: Schedule;
    clock: ChaosClock;
    api: DcsApi;
    model: DcsModel;
    events: WorldEvents;
    machine: Machine;
    process: Process;
    state: ResourceState;
    trace: Trace;
    tally: Tally;
    rng: Rng;
    phase: number;
    run: number;
    calm: boolean;
    /** The resource's `api` input in this run. */
    swapApi: SwapApi;
    /** The phase's intents so far; a newly recorded one is appended. */
    intents: IntentAt[];
    /** In a replace phase: the intent it inherited (created again under it). */
    replaceOf?: string;
}

export async function resourceRun(env: ResourceRunEnv): Promise<Ran> {
    const { schedule, clock, api, process, state, trace, rng } = env;
    const instances: InstanceViews = { show: () => api.showInstance(), master: () => api.master() };
    const lane = schedule.world?.fleet ? membershipOf(process, schedule.world.fleet) : undefined;
    let fresh = false;
    if (!state.intent && lane && stoppedIn(process)) {
        // `operation-intent.ts`: a stopped rolling swap defers the intent; the next run that may start the swap records it.
        env.tally.add("intent-deferred");
        trace.log(`intent deferred: ${stoppedIn(process)}`);
    } else if (!state.intent) {
        try {
            // The clock goes along so that a `recordIntent` that waits (the fix of the re-run bug) waits in virtual time.
            const intentOptions = { deadline: clock.now() + schedule.timeoutMs, clock, journal: env.machine.journal(process, trace, clock) };
            const intent = await recordIntent(api, { instanceId: INSTANCE_ID, taskName: SWAP_TASK, switchover: true }, { ...intentOptions, instances });
            process.step(); // the engine writes the intent to state
            state.intent = intent;
            fresh = true;
            env.intents.push({ intent, at: env.model.serverNow(), run: env.run });
            trace.log(`intent recorded, baseline of ${intent.baselineTaskIds?.length ?? 0} swap tasks, master ${intent.baselineMaster ?? "unknown"}`);
            env.events.afterIntent(env.phase, env.run, env.calm);
        } catch (error) {
            return process.dead ? { outcome: "killed" } : { outcome: "no-intent", error: error as Error };
        }
    }
    // `updateOperation`: after SUCCESS (a 0.1 record included) an update makes no call; outputs take the new intent.
    // In a rolling swap it goes through the stop rule all the same (where a finished record once was overwritten).
    if (succeeded(state.record)) {
        const done: Ran = { outcome: "success", record: state.record };
        const ran = lane
            ? await runAsLane(
                  lane,
                  state.intent?.intentId,
                  state.record,
                  async () => done,
                  (line) => trace.log(line),
              )
            : done;
        try {
            process.step(); // the engine writes the outputs
        } catch {
            return { outcome: "killed" };
        }
        if (ran.outs) state.record = recordOf(ran.outs);
        state.recordIntent = state.intent;
        trace.log(`update after SUCCESS: no call${ran.outcome === "held-back" ? ` (held back: ${String(ran.outs?.notStartedBecause)})` : ""}`);
        return ran;
    }
    if (lane && !state.intent && !(undecided(state.record) && state.recordIntent)) {
        // Deferred, and no record that keeps an intent of its own: the stop rule holds it back before anything runs.
        return writeLane(
            env,
            await runAsLane(
                lane,
                undefined,
                state.record,
                async () => ({ outcome: "error", error: new Error("ran without an intent") }),
                (line) => trace.log(line),
            ),
        );
    }
    // As `underIntentOf` in the runtime: an undecided record keeps the intent it was sent under; one sent under no
    // intent at all (0.1 state) is never judged against the sibling intent recorded since (its baseline and master may
    // already hold this very swap): it runs under an intent `intentRefFor` records now, post hoc.
    let intent: Intent;
    let postHoc = false;
    if (undecided(state.record) && !state.recordIntent) {
        try {
            ({ intent, postHoc } = await postHocIntent(env));
        } catch (error) {
            return process.dead ? { outcome: "killed" } : { outcome: "error", error: error as Error };
        }
        trace.log(`the undecided ${state.record!.status} was sent before intents existed (0.1): it runs under a post hoc intent`);
    } else {
        intent = undecided(state.record) && state.recordIntent ? state.recordIntent : state.intent!;
        if (intent !== state.intent) trace.log(`the undecided ${state.record!.status} keeps the intent it was sent under`);
    }
    const journal = env.machine.journal(process, trace, clock);
    // As `intentRefFor` + `intent-use.ts`: a create under an intent this process or machine saw succeed is a replace.
    const creating = state.record === undefined;
    // A used note counts only once its run handed the result over (its journal entry cleared): otherwise it is this resource, resumed.
    const handedOver = journal.read(intent.intentId) === undefined;
    const known = creating && !fresh && handedOver && (process.usedHere.has(intent.intentId) || journal.read(`used-${intent.intentId}`) !== undefined);
    if (creating && !fresh && !known && env.replaceOf === intent.intentId) state.replaceUnrecognised = true;
    // As `MasterStandbySwap` builds it (`swapTarget`), under the intent the runtime would hand it.
    const target = swapTarget(
        PROJECT_ID,
        INSTANCE_ID,
        {
            ...intent,
            fresh: postHoc || (fresh && intent === state.intent),
            reused: known ? { what: "a swap that already succeeded" } : undefined,
            postHoc: postHoc || undefined,
        },
        env.swapApi,
    );
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
                beforeAttempt: o.beforeAttempt,
                random: rng.float,
            }),
        jobs: { showJob: (jobId) => api.showJob(jobId) },
        tasks: api,
        instances,
        journal,
        log: (message) => trace.log(() => `lifecycle: ${message}`),
    };
    // `runForResource`: a rolling swap's stop rule is checked again right before any send.
    const beforeSend = lane ? () => checkBeforeSend(lane) : undefined;
    const operate = async (): Promise<Ran> => {
        try {
            const record = await runOperation(target, state.record, ports, { deadline: clock.now() + schedule.timeoutMs, random: rng.float, beforeSend });
            if (succeeded(record) && !record.noChange) {
                // `runForResource` notes a success in memory and in the journal (`noteIntentUsed`).
                process.usedHere.add(intent.intentId);
                journal.write(`used-${intent.intentId}`, { status: record.status, jobId: record.jobId ?? record.taskId });
            }
            return { outcome: "success", record };
        } catch (error) {
            return error instanceof OperationError ? { outcome: "partial", record: error.record, error } : { outcome: "error", error: error as Error };
        }
    };
    // A record in state runs under a closed stop rule (resumed, identified), and must come out kept.
    if (lane && state.record && stoppedIn(process)) env.tally.add("stopped-with-record");
    const result = lane ? await runAsLane(lane, intent.intentId, state.record, operate, (line) => trace.log(line)) : await operate();
    if (process.dead) return { outcome: "killed" };
    // `runForResource`: state is about to hold the record, so the journal entry goes (it is only for kills).
    ports.journal.clear(intent.intentId);
    if (result.record || result.outs) {
        try {
            process.step(); // the engine writes outputs (or the partial failure) to state
        } catch {
            return { outcome: "killed" };
        }
        state.record = result.outs ? recordOf(result.outs) : result.record;
        // Post hoc: a decided record takes the resource's own intent (`backUnderOwnIntent`); partial state keeps none.
        state.recordIntent = postHoc ? (result.outcome === "success" ? state.intent : undefined) : intent;
    }
    return result;
}

/** A lane's outputs go to state as they are: a held-back swap without a record stays without one. */
function writeLane(env: ResourceRunEnv, ran: Ran): Ran {
    if (env.process.dead) return { outcome: "killed" };
    if (ran.outs) {
        try {
            env.process.step(); // the engine writes the outputs
        } catch {
            return { outcome: "killed" };
        }
        env.state.record = recordOf(ran.outs);
    }
    return ran;
}

/**
 * `intentRefFor` without an intent id: an intent recorded now, which proves nothing about a record
 * from before (`afterTheFact`: no running-swap check, no master). The virtual clock goes along for
 * the reads' sleeps; like the runtime, no journal, so no settle wait.
 */
async function postHocIntent(env: ResourceRunEnv): Promise<{ intent: Intent; postHoc: boolean }> {
    const { api, clock, schedule, state } = env;
    const postHoc = state.record !== undefined && state.record.resolvedBy !== "operator";
    const instances: InstanceViews = { show: () => api.showInstance(), master: () => api.master() };
    const intent = await recordIntent(
        api,
        { instanceId: INSTANCE_ID, taskName: SWAP_TASK, switchover: true },
        { deadline: clock.now() + schedule.timeoutMs, clock, instances, afterTheFact: postHoc },
    );
    return { intent: { ...intent, baselineMaster: postHoc ? undefined : intent.baselineMaster }, postHoc };
}
