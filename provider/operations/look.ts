/** Looking for the operation among the instance's background tasks: after an ambiguous answer, and on a busy one. */
import { DcsAbortedError, DcsBackgroundTask } from "../dcs";
import { IDENTIFY_FIRST_DELAY_MS, IDENTIFY_MAX_DELAY_MS } from "./defaults";
import { AdoptInstead } from "./errors/adopt-instead";
import { OperationError } from "./errors";
import { foreignRunning, pickAdoptable, unaccountedTasks } from "./identify";
import { OperationRecord, SENT } from "./record";
import { ListedRun, Run, failedSinceSend, graceMs, isListed, unidentifiedError, unlessAborted } from "./run";
import { readAllTasks } from "./task-list";

/** A look at least this long (seconds) is announced. */
const LONG_LOOK_S = 5;

/**
 * Reads the whole task list until an unaccounted task shows up or `giveUpAt` (on the run's clock, at
 * most its deadline) has passed. Conclusive only when the last read, at or after that time, succeeded.
 * `failed`: a FAILED task of the operation listed since the latest send (older ones say nothing about it).
 */
export async function lookForOwnTask(run: ListedRun, giveUpAt: number): Promise<{ task?: DcsBackgroundTask; conclusive: boolean; failed?: boolean }> {
    const { ports, target } = run;
    const startedAt = ports.clock.now();
    let delay = IDENTIFY_FIRST_DELAY_MS;
    let announced = false;
    for (;;) {
        let conclusive = false;
        let failed = false;
        try {
            const tasks = await readAllTasks(ports.tasks, target.instanceId, { signal: ports.signal, deadline: run.options.deadline });
            failed = failedSinceSend(run, tasks);
            const task = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
            if (task) return { task, conclusive: true };
            conclusive = true;
        } catch (error) {
            // Unreadable now: the look goes on, and is not conclusive.
            DcsAbortedError.passOn(error);
        }
        const now = ports.clock.now();
        // A failed task of ours listed a whole grace after the send: nothing of this intent swapped, none will.
        if (now >= giveUpAt || (failed && now - startedAt >= graceMs(run))) return { conclusive, failed };
        // A long look says why it waits and for how long, once (a grace passed silently reads as a hang).
        if (!announced) {
            announced = true;
            const seconds = Math.ceil((giveUpAt - now) / 1000);
            if (seconds >= LONG_LOOK_S)
                ports.log(
                    `${target.operation}: not in the task list yet; looking again for up to ${seconds} s before deciding whether it ran ` +
                        "(DCS lists an operation seconds after it accepts it)",
                );
        }
        await ports.clock.sleep(Math.min(delay, giveUpAt - now), ports.signal);
        delay = Math.min(IDENTIFY_MAX_DELAY_MS, delay * 2);
    }
}

/**
 * A busy answer: if our own operation is already listed, adopt it; if someone else's runs, stop.
 * Busy on a resend with nothing listed to explain it stops too: the first send may be running
 * without being listed yet, and waiting it out would then send a second swap.
 */
export async function onBusy(run: Run, resending: OperationRecord | undefined): Promise<void> {
    if (!isListed(run)) return;
    const { target, ports } = run;
    const tasks = await readAllTasks(ports.tasks, target.instanceId, { signal: ports.signal, deadline: run.options.deadline }).catch(unlessAborted);
    if (tasks) {
        const own = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
        if (own) throw new AdoptInstead(own);
        const foreign = foreignRunning(tasks, target.taskName, run.baseline);
        if (foreign && target.conflict) throw target.conflict(foreign);
    }
    if (resending)
        throw new OperationError(
            { ...resending, status: SENT },
            unidentifiedError(
                run,
                resending.sentAt,
                "DCS answered busy to the resend, and no task of ours is listed: the first send may be what keeps it busy",
            ),
        );
}
