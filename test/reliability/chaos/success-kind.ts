/**
 * What a phase's SUCCESS stands for, judged against the model's truth: its own switchover; someone
 * else's swap (a documented remaining risk, kept apart); the earlier swap a replace adopted; nothing
 * the roles would confirm (a false success); or, on a cloud without roles, a readiness-only SUCCESS
 * (documented). And how a phase that did not succeed ended: stopped with a named error after
 * sending nothing more, or not settled.
 */
import { OperationError, OperationRecord } from "../../../provider/operations";
import { ModelSwap } from "./dcs-model";
import { PhaseResult, RunResult, ScheduleRun } from "./engine";

export type SuccessKind =
    | { kind: "own"; recorded?: ModelSwap }
    /**
     * `when`: the foreign swap was sent before our intent (not listed then), between our intent and our first send,
     * or after it; `+ours`: one of our swaps switched over too, undoing it (the state records the foreign one).
     */
    | { kind: "foreign"; swap: ModelSwap; when: string }
    | { kind: "replace-adopted"; recorded?: ModelSwap }
    | { kind: "false"; recorded?: ModelSwap }
    | { kind: "unconfirmed" };

/** Errors that stop a run and say why (nothing sent again): a run that keeps stopping with one has stopped, not hung. */
export const NAMED_STOPS = new Set([
    "OperationUnidentifiedError",
    "SwapInProgressError",
    "RolesUnreadableError",
    "SwitchoverUnconfirmedError",
    "IntentAlreadyUsedError",
    "OperationFailedError",
    "DcsInstanceStateError",
]);

export function matches(swap: ModelSwap, record: OperationRecord): boolean {
    // 0.1 kept a sync swap's task id as its `jobId` (`taskAsJob`).
    const taskId = record.taskId ?? (record.api === "sync" ? record.jobId : undefined);
    return (record.jobId !== undefined && record.jobId === swap.jobId) || (taskId !== undefined && taskId === swap.taskId);
}

/** Server ms at which the phase's operation began: its first intent, or 0.1's send for a phase begun from 0.1 state. */
export function operationStart(result: PhaseResult | undefined, otherwise: number): number {
    return result?.legacy?.sentAt ?? result?.intents[0]?.at ?? otherwise;
}

/**
 * Judged on the model's truth at the moment SUCCESS was reported: the switchovers (ours, earlier
 * phases', someone else's) that ended since the phase's first intent, and the swap state records.
 */
export function successKind(played: ScheduleRun, phase: number): SuccessKind {
    const result = played.phases[phase];
    const final = result.final!;
    const at = result.successAt!;
    const intentAt = operationStart(result, -Infinity);
    const recorded = played.swaps.find((s) => matches(s, final));
    // 0.1's own swap, resumed or recorded by 0.1 itself.
    if (recorded && recorded === result.legacy?.swap && recorded.outcome === "SUCCESS") return { kind: "own", recorded };
    const flips = played.swaps.filter((s) => s.outcome === "SUCCESS" && s.endsAt > intentAt && s.endsAt <= at);
    const own = played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS" && s.endsAt <= at);
    // A SUCCESS proven by the roles or by readiness records no job or task: it stands for the latest of its own.
    const ownRecord = !final.jobId && !final.taskId ? own.at(-1) : undefined;
    const foreignCause = recorded?.foreign ? recorded : flips.find((s) => s.foreign);
    const foreign = (): SuccessKind => {
        const firstSend = played.requests.find((r) => r.phase === phase && r.at >= intentAt)?.at ?? Infinity;
        const sent = foreignCause!.acceptedAt;
        const when = sent < intentAt ? "before-intent" : sent <= firstSend ? "between-intent-and-send" : "after-send";
        return { kind: "foreign", swap: foreignCause!, when: `${when}${own.length ? "+ours" : ""}` };
    };
    // A replace: one more switchover of its own, whatever the master did since the (inherited) intent.
    if (result.start === "replace") {
        if (own.length) return { kind: "own", recorded: recorded ?? ownRecord };
        return foreignCause ? foreign() : { kind: "replace-adopted", recorded };
    }
    if (recorded?.foreign) return foreign();
    if (own.length && flips.length % 2 === 1) return { kind: "own", recorded: recorded ?? ownRecord };
    if (foreignCause) return foreign();
    // Two of our own (a double swap, judged apart), or ours and an earlier phase's.
    if (own.length) return { kind: "own", recorded: recorded ?? ownRecord };
    const world = played.schedule.world;
    if (!world || world.roles || (recorded && !recorded.foreign)) return { kind: "false", recorded };
    return { kind: "unconfirmed" };
}

/** The error a run ended with, by class (an `OperationError`'s cause). */
export function errorName(error: Error | undefined): string {
    if (!error) return "";
    const cause = error instanceof OperationError ? (error.cause as Error | undefined) : error;
    return (cause ?? error).constructor.name;
}

/**
 * A phase that did not reach SUCCESS: stopped when its last runs all ended with the same named error
 * and at least two of them, at the end, sent no trigger request at all (nothing more after the stop).
 */
export function howItStopped(played: ScheduleRun, phase: number): { stopped: boolean; name: string; last?: RunResult; sentAfter: boolean } {
    const runs = played.runs.filter((r) => r.phase === phase);
    const last = runs.at(-1);
    const name = errorName(last?.error) || last?.outcome || "none";
    let k = runs.length;
    while (k > 0 && runs[k - 1].outcome !== "killed" && errorName(runs[k - 1].error) === name) k--;
    const lastSend = Math.max(-1, ...played.requests.filter((r) => r.phase === phase).map((r) => r.run));
    const quiet = runs.slice(k).filter((r) => r.run > lastSend);
    const sentAfter = k < runs.length && lastSend > runs[k].run;
    return { stopped: NAMED_STOPS.has(name) && quiet.length >= 2, name, last, sentAfter };
}
