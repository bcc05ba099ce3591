/** Looking for the operation among the instance's background tasks: after an ambiguous answer, and on a busy one. */
import { DcsAbortedError, DcsBackgroundTask, poll } from "../dcs";
import { identifyDelayMs } from "./defaults";
import { AdoptInstead } from "./errors/adopt-instead";
import { OperationError } from "./errors";
import { foreignRunning, pickAdoptable, unaccountedTasks } from "./identify";
import { OperationRecord, SENT } from "./record";
import { ListedRun, Run, failedSinceSend, graceMs, isListed, unidentifiedError, unlessAborted } from "./run";
import { readAllTasks } from "./task-list";

/** A look at least this long (seconds) is announced. */
const LONG_LOOK_S = 5;

/** What a look at the task list found: our task, or whether the list was read and showed a failure of ours. */
export interface Look {
    task?: DcsBackgroundTask;
    /** The last read, at or after the time the look gave up, succeeded: nothing of ours was listed. */
    conclusive: boolean;
    /** A FAILED task of the operation listed since the latest send (older ones say nothing about it). */
    failed?: boolean;
}

/**
 * Reads the whole task list until an unaccounted task shows up or `giveUpAt` (on the run's clock, at
 * most its deadline) has passed, backing off as `identifyDelayMs` says.
 */
export async function lookForOwnTask(run: ListedRun, giveUpAt: number): Promise<Look> {
    const { ports, target } = run;
    const startedAt = ports.clock.now();
    let announced = false;
    const result = await poll<Look, Look>(
        async (_n, last) => {
            let seen: Look = { conclusive: false };
            try {
                const tasks = await readAllTasks(ports.tasks, target.instanceId, { signal: ports.signal, deadline: run.options.deadline });
                const failed = failedSinceSend(run, tasks);
                const task = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
                if (task) return { state: "done", value: { task, conclusive: true } };
                seen = { conclusive: true, failed };
            } catch (error) {
                // Unreadable now: the look goes on, and is not conclusive.
                DcsAbortedError.passOn(error);
            }
            const now = ports.clock.now();
            // A failed task of ours listed a whole grace after the send: nothing of this intent swapped, none will.
            if (seen.failed && now - startedAt >= graceMs(run)) return { state: "done", value: seen };
            // A long look says why it waits and for how long, once (a grace passed silently reads as a hang).
            if (!last && !announced) {
                announced = true;
                const seconds = Math.ceil((giveUpAt - now) / 1000);
                if (seconds >= LONG_LOOK_S)
                    ports.log(
                        `${target.operation}: not in the task list yet; looking again for up to ${seconds} s before deciding whether it ran ` +
                            "(DCS lists an operation seconds after it accepts it)",
                    );
            }
            return { state: "retry", seen };
        },
        { clock: ports.clock, deadline: giveUpAt, signal: ports.signal, delayMs: (n) => (n === 0 ? 0 : identifyDelayMs(n - 1)) },
    );
    return result.state === "done" ? result.value : (result.seen ?? { conclusive: false });
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
