/**
 * The exactly-once checks of one played schedule, per intent: at most one switchover; exactly one
 * when state says SUCCESS, and it is the job/task state records (any other swap DCS accepted for
 * the intent and that did not fail is a lost job); SUCCESS reached once faults stopped.
 */
import { ACCEPTED, OperationRecord, succeeded } from "../../../provider/operations";
import { ModelSwap } from "./dcs-model";
import { ScheduleRun } from "./engine";

export interface Verdict {
    seed: number;
    /** Switchovers beyond one per intent. */
    doubleSwaps: number;
    /** Swaps DCS accepted for an intent, not failed, and not the one its SUCCESS state records. */
    lostJobs: number;
    /** State says SUCCESS, but not for a switchover of this intent (e.g. adopted an earlier swap). */
    missedSwaps: number;
    converged: boolean;
    /** Not converged, ending ACCEPTED: a sync swap DCS took whose task never showed as its own. */
    stuckAccepted: boolean;
    problems: string[];
}

export function judge(played: ScheduleRun): Verdict {
    const verdict: Verdict = { seed: played.schedule.seed, doubleSwaps: 0, lostJobs: 0, missedSwaps: 0, converged: true, stuckAccepted: false, problems: [] };
    for (const [phase, plan] of played.schedule.phases.entries()) {
        const result = played.phases[phase];
        const switchovers = played.switchovers[phase];
        if (switchovers > 1) {
            verdict.doubleSwaps += switchovers - 1;
            verdict.problems.push(
                `intent ${phase}: ${switchovers} switchovers (swaps ${ids(played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS"))})`,
            );
        }
        if (!result || !succeeded(result.final)) {
            verdict.converged = false;
            const last = [...played.runs].reverse().find((r) => r.phase === phase);
            if (result?.final?.status === ACCEPTED) verdict.stuckAccepted = true;
            verdict.problems.push(
                result
                    ? `intent ${phase}: not SUCCESS after ${result.runs} runs (${plan.runs.length - plan.calmFromRun} calm): state ${result.final?.status ?? "none"}; last run: ${last?.outcome}${last?.error ? ` (${brief(last.error.message)})` : ""}`
                    : `intent ${phase}: never run (the previous intent did not converge)`,
            );
            continue;
        }
        const final = result.final!;
        const recorded = played.swaps.find((s) => matches(s, final)) ?? (final.masterChanged ? provenByRoles(played, phase) : undefined);
        if (!recorded || recorded.phase !== phase) {
            verdict.missedSwaps++;
            verdict.problems.push(
                `intent ${phase}: SUCCESS records ${describe(final)}, which is ${recorded ? `intent ${recorded.phase}'s swap #${recorded.n}` : "no swap of this schedule"}`,
            );
        } else if (recorded.outcome !== "SUCCESS") {
            verdict.problems.push(`intent ${phase}: SUCCESS records swap #${recorded.n}, which FAILED`);
        }
        if (switchovers === 0) verdict.problems.push(`intent ${phase}: SUCCESS without a switchover`);
        const lost = played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS" && s !== recorded);
        if (lost.length) {
            verdict.lostJobs += lost.length;
            verdict.problems.push(`intent ${phase}: lost ${ids(lost)} (state records ${describe(final)})`);
        }
    }
    return verdict;
}

export function failed(verdict: Verdict): boolean {
    return verdict.problems.length > 0;
}

function matches(swap: ModelSwap, record: OperationRecord): boolean {
    return (record.jobId !== undefined && record.jobId === swap.jobId) || (record.taskId !== undefined && record.taskId === swap.taskId);
}

/**
 * A sync swap confirmed by the master changing, before DCS listed its task, records neither: it
 * is this intent's own when exactly one swap of the intent switched over.
 */
function provenByRoles(played: ScheduleRun, phase: number): ModelSwap | undefined {
    const own = played.swaps.filter((s) => s.phase === phase && s.outcome === "SUCCESS");
    return own.length === 1 ? own[0] : undefined;
}

function describe(record: OperationRecord): string {
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
