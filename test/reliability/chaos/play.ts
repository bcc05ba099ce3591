/** Plays one hand-written schedule with its trace, for the focused cases; a failing check prints the trace. */
import { ScheduleRun, driveSchedule } from "./engine";
import { Schedule } from "./schedule";
import { Verdict, judge } from "./verdict";

export async function play(schedule: Schedule, check: (played: ScheduleRun, verdict: Verdict) => void): Promise<void> {
    const played = await driveSchedule(schedule, { trace: true });
    const verdict = judge(played);
    try {
        check(played, verdict);
    } catch (error) {
        console.log(`\n--- trace of the failing case ---\n${played.trace.render()}\n--- verdict: ${JSON.stringify(verdict.problems)}`);
        throw error;
    }
}
