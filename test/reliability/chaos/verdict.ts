/**
 * The exactly-once checks of one played schedule, per phase (one swap operation): at most one
 * switchover; a SUCCESS stands for its own switchover (`success-kind.ts`: someone else's swap and a
 * readiness-only SUCCESS without roles are documented risks, noted apart; a replace must make one
 * more switchover, never adopt the earlier one); no lost job; and the phase converges. Under the
 * premises it must reach SUCCESS once faults stop; in the world it may also stop with a named error
 * after sending nothing more.
 */
import { ACCEPTED, succeeded } from "../../../provider/operations";
import { ModelSwap } from "./dcs-model";
import { ScheduleRun } from "./engine";
import { howItStopped, operationStart, successKind } from "./success-kind";

export interface Verdict {
    seed: number;
    /** Switchovers beyond one per phase. */
    doubleSwaps: number;
    /** Swaps DCS accepted for a phase, that switched over, and are not the one its SUCCESS state records. */
    lostJobs: number;
    /** State says SUCCESS, but records (or proves) no switchover of this phase; someone else's swap aside. */
    missedSwaps: number;
    /** SUCCESS while no switchover of the phase had happened, where roles would tell (or recording an earlier phase's swap). */
    falseSuccesses: number;
    /** A replace reported SUCCESS without one more switchover (it adopted the earlier one). */
    replaceAdopted: number;
    /** The same, where the replace ran on a machine that could not know the intent was used: a documented risk, apart. */
    replaceAdoptedElsewhere: number;
    /** World: a second switchover of ours after someone else's switchover, once the task list had forgotten ours (P7). */
    foreignConfounded: number;
    /** Documented risk: SUCCESS caused by someone else's swap, by when it was sent ("between-intent-and-send"...). */
    foreignAdopted: string[];
    /** Documented risk: SUCCESS without a switchover of ours on a cloud without roles (readiness only). */
    unconfirmed: number;
    /** Documented risk: 0.1 was killed after DCS accepted its swap and before state was written; the upgraded run swapped again. */
    legacyUntraced: number;
    /** Every phase reached SUCCESS. */
    converged: boolean;
    /** Phases that stopped with a named error after sending nothing more (world only): the error class. */
    stops: string[];
    /** Converged, or every phase that did not stopped (world only). */
    settled: boolean;
    /** Not converged, ending ACCEPTED: a sync swap DCS took whose task never showed as its own. */
    stuckAccepted: boolean;
    /** Rolling swap: trigger requests sent after the lane's stop rule had closed (continueOnFailure aside). */
    sendsAfterStop: number;
    /** Rolling swap: records the stop rule dropped or overwrote (a held-back run, or a config-only update of a finished swap). */
    recordsLost: number;
    /** Rolling swap: the plan edit took the instance out and added it back, and both swaps switched over (documented, warned at preview). */
    readdedSwappedAgain: number;
    problems: string[];
    /** One key per problem, for grouping: "double-swap", "false-success", "not-settled:JobTimeoutError"... */
    classes: string[];
}

export function judge(played: ScheduleRun): Verdict {
    const v: Verdict = {
        seed: played.schedule.seed,
        doubleSwaps: 0,
        lostJobs: 0,
        missedSwaps: 0,
        falseSuccesses: 0,
        replaceAdopted: 0,
        replaceAdoptedElsewhere: 0,
        foreignConfounded: 0,
        foreignAdopted: [],
        unconfirmed: 0,
        legacyUntraced: 0,
        converged: true,
        stops: [],
        settled: true,
        stuckAccepted: false,
        sendsAfterStop: 0,
        recordsLost: 0,
        readdedSwappedAgain: 0,
        problems: [],
        classes: [],
    };
    const problem = (cls: string, text: string) => {
        v.classes.push(cls);
        v.problems.push(text);
    };
    const world = played.schedule.world !== undefined;
    judgeStopRule(played, v, problem);
    for (const [phase, plan] of played.schedule.phases.entries()) {
        const result = played.phases[phase];
        // 0.1 killed after DCS accepted its swap, before state was written: nothing but DCS's task list knows of it, and the
        // upgraded run's fresh intent counts it as an earlier swap (documented risk). Its switchover is tallied apart.
        const untraced = result?.legacy?.shape === "killed-sent" && result.legacy.swap?.outcome === "SUCCESS" ? result.legacy.swap : undefined;
        const switchovers = played.switchovers[phase] - (untraced ? 1 : 0);
        if (untraced && switchovers > 0) v.legacyUntraced++;
        const what = `intent ${phase}${phase > 0 ? ` (${result?.start ?? plan.start ?? "rerun"})` : result?.legacy ? ` (0.1 state: ${result.legacy.shape})` : ""}`;
        // Someone else's swap still running at or accepted after the intent is adopted as ours, or hides ours from the roles
        // (P7, a documented risk): what follows from it is tallied apart.
        const intentAt = operationStart(result, Infinity);
        const confounded = played.swaps.some((s) => s.foreign && s.endsAt >= intentAt);
        if (switchovers > 1 && world && confounded) {
            v.foreignConfounded++;
        } else if (switchovers > 1) {
            v.doubleSwaps += switchovers - 1;
            problem(
                "double-swap",
                `${what}: ${switchovers} switchovers (swaps ${ids(played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS"))})`,
            );
        }
        if (result?.start === "readded" && switchovers > 0 && played.switchovers[phase - 1] > 0) v.readdedSwappedAgain++;
        // Taken out of the plan: its state was deleted; what it sent is judged above (one switchover at most).
        if (result?.removed) continue;
        if (!result || !succeeded(result.final)) {
            v.converged = false;
            // Never run: the previous phase stopped, or did not settle (its own problem).
            if (!result) continue;
            const stop = howItStopped(played, phase);
            if (result.final?.status === ACCEPTED) v.stuckAccepted = true;
            const account =
                `not SUCCESS after ${result.runs} runs (${plan.runs.length - plan.calmFromRun} calm): state ${result.final?.status ?? "none"}; ` +
                `last run: ${stop.last?.outcome}${stop.last?.error ? ` (${brief(stop.last.error.message)})` : ""}`;
            // Killed as its success was handed to the engine, on the machine that noted it: indistinguishable from a
            // replace, so it stops naming both ways out (design note, remaining risks). Tallied as a stop in either campaign.
            if (stop.stopped && (world || stop.name === "IntentAlreadyUsedError")) {
                v.stops.push(stop.name);
            } else if (world && confounded) {
                v.foreignConfounded++;
            } else {
                v.settled = false;
                problem(`not-settled:${stop.name}${stop.sentAfter ? "+sending" : ""}`, `${what}: ${account}`);
            }
            continue;
        }
        const final = result.final!;
        const kind = successKind(played, phase);
        let recorded: ModelSwap | undefined;
        switch (kind.kind) {
            case "own":
                recorded = kind.recorded;
                if (!recorded || recorded.phase !== phase) {
                    v.missedSwaps++;
                    problem("missed-swap", `${what}: SUCCESS records ${describe(final)}, which is ${whose(recorded)}, while its own swap switched over`);
                }
                break;
            case "foreign":
                v.foreignAdopted.push(kind.when);
                recorded = kind.swap;
                break;
            case "unconfirmed":
                v.unconfirmed++;
                break;
            case "replace-adopted":
                // Documented (design note, P2): the provider is told nothing of a replace; only this machine can know.
                if (result.replaceUnrecognised || (world && confounded)) {
                    v.replaceAdoptedElsewhere++;
                    recorded = kind.recorded;
                    break;
                }
                v.replaceAdopted++;
                v.missedSwaps++;
                problem("replace-adopted", `${what}: SUCCESS without one more switchover: records ${describe(final)}, which is ${whose(kind.recorded)}`);
                break;
            case "false":
                v.falseSuccesses++;
                v.missedSwaps++;
                problem("false-success", `${what}: SUCCESS (${describe(final)}, which is ${whose(kind.recorded)}) while no switchover of it had happened`);
                break;
        }
        if (recorded && recorded.outcome !== "SUCCESS") problem("false-success", `${what}: SUCCESS records swap #${recorded.n}, which FAILED`);
        // Its own swaps that switched over and that state does not record (all of them, when the SUCCESS is not its own;
        // none when someone else's swap explains it: "+ours" in its kind says that one of ours undid it).
        // The untraced 0.1 swap can also be the one adopted (listed after our intent's baseline): part of the same risk.
        const lost =
            kind.kind === "foreign" || (world && confounded) || (untraced && recorded === untraced)
                ? []
                : played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS" && s !== untraced && (kind.kind !== "own" || s !== recorded));
        if (lost.length) {
            v.lostJobs += lost.length;
            problem("lost-job", `${what}: lost ${ids(lost)} (state records ${describe(final)})`);
        }
    }
    return v;
}

/** A rolling swap's lane: nothing sent after its stop rule closed, no record dropped, a finished swap's record kept by config-only updates. */
function judgeStopRule(played: ScheduleRun, v: Verdict, problem: (cls: string, text: string) => void): void {
    for (const r of played.requests.filter((r) => r.afterStop)) {
        v.sendsAfterStop++;
        problem("send-after-stop", `intent ${r.phase}: a ${r.api} swap sent in run ${r.run} after the stop rule closed (${r.afterStop})`);
    }
    for (const r of played.runs.filter((r) => r.droppedRecord)) {
        v.recordsLost++;
        problem("record-dropped", `intent ${r.phase}: run ${r.run} (${r.outcome}) left state without the record it held`);
    }
    for (const result of played.phases) {
        const before = result.beforeUpdates;
        if (!before) continue;
        const after = result.final;
        if (!succeeded(after) || after!.jobId !== before.jobId || after!.taskId !== before.taskId) {
            v.recordsLost++;
            problem(
                "record-overwritten",
                `intent ${result.phase}: config-only updates turned SUCCESS (${describe(before)}) into ${after?.status ?? "no record"}`,
            );
        }
        const sent = played.requests.filter(
            (r) => r.phase === result.phase && played.runs.some((u) => u.configUpdate && u.phase === r.phase && u.run === r.run),
        );
        if (sent.length) problem("config-update-sent", `intent ${result.phase}: a config-only update of a finished swap sent ${sent.length} trigger requests`);
    }
}

export function failed(verdict: Verdict): boolean {
    return verdict.problems.length > 0;
}

function whose(swap: ModelSwap | undefined): string {
    if (!swap) return "no swap of this schedule";
    return swap.foreign ? `someone else's swap #${swap.n}` : `intent ${swap.phase}'s swap #${swap.n}`;
}

function describe(record: { jobId?: string; taskId?: string; masterChanged?: boolean }): string {
    if (record.jobId) return `job ${record.jobId}`;
    if (record.taskId) return `task ${record.taskId}`;
    return record.masterChanged ? "no job or task (proven by the master changing)" : "no job or task";
}

function ids(swaps: ModelSwap[]): string {
    return swaps.map((s) => `#${s.n} (run ${s.run})`).join(", ");
}

/** Long lifecycle messages cut to their point (the trace has them whole). */
function brief(message: string): string {
    return message.replace(/^master\/standby swap on instance \S+ /, "").slice(0, 120);
}
