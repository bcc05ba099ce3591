/** Confirming a synchronous swap DCS accepted (204, no job): by its task, or by the instance and its roles. */
import { DcsBackgroundTask, DcsInstanceStateError, FATAL_INSTANCE_STATUSES, READY_CONFIRM_DELAY_MS, isInstanceReady, poll, JOB_STATUS } from "../dcs";
import { adopt } from "./adopt";
import { READY_READS_IN_A_ROW, identifyDelayMs } from "./defaults";
import { OperationError, RolesUnreadableError } from "./errors";
import { pickAdoptable, unaccountedTasks } from "./identify";
import { OperationRecord } from "./record";
import { Roles, readRoles } from "./roles";
import { RolesRun, failedSinceSend, failedTask, graceMs, journal, unidentifiedError, unlessAborted } from "./run";
import { notSwapped, swappedByRoles, verdictOf } from "./switchover";
import { readAllTasks } from "./task-list";

/**
 * Confirms an accepted synchronous swap (204, no job): adopts its task if DCS lists one; otherwise
 * done once the instance is ready on two reads in a row and the master differs from the intent's,
 * FAIL once it has stayed the same for a whole grace. Where roles are not exposed (OTC): done once
 * readiness has held for a whole grace with no task of ours. A failed roles read is read again,
 * never taken for "no roles".
 */
export async function confirmSync(run: RolesRun, record: OperationRecord): Promise<OperationRecord> {
    const { ports, target, options } = run;
    const startedAt = ports.clock.now();
    let readyReads = 0;
    let lastProblem = "neither its task nor the instance settling with a new master confirmed it";
    const byTheDeadline = () => new OperationError(record, unidentifiedError(run, record.sentAt, `DCS accepted it; by the deadline ${lastProblem}`));
    if (ports.clock.now() >= options.deadline) throw byTheDeadline();
    const confirmed = await poll<{ task: DcsBackgroundTask } | { record: OperationRecord }>(
        async () => {
            const tasks = await readAllTasks(ports.tasks, target.instanceId, { signal: ports.signal, deadline: options.deadline }).catch(unlessAborted);
            // Unreadable: our task (or its failure) may be there; the roles are only the proof of last resort.
            if (!tasks) return { state: "retry" };
            const failedSince = failedSinceSend(run, tasks);
            const own = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
            if (own) return { state: "done", value: { task: own } };
            const instance = await ports.instances.show(target.instanceId, { signal: ports.signal, deadline: options.deadline }).catch(unlessAborted);
            if (instance && FATAL_INSTANCE_STATUSES.has(instance.status))
                throw new OperationError(record, new DcsInstanceStateError(instance.instanceId, instance.status));
            readyReads = instance && isInstanceReady(instance) ? readyReads + 1 : 0;
            if (readyReads < READY_READS_IN_A_ROW) return { state: "retry" };
            let roles: Roles;
            try {
                roles = await readRoles(ports.instances, target.instanceId, { clock: ports.clock, deadline: options.deadline, signal: ports.signal });
            } catch (error) {
                if (!(error instanceof RolesUnreadableError)) throw error;
                lastProblem = `the instance's node roles could not be read to confirm it (${error.message})`;
                readyReads = 0;
                return { state: "retry" };
            }
            const verdict = verdictOf(run, roles);
            const graceOver = ports.clock.now() - startedAt >= graceMs(run);
            if (verdict.verdict === "swapped") return { state: "done", value: { record: swappedByRoles(run, record, verdict.master) } };
            if (verdict.verdict === "not-swapped") {
                if (!graceOver) return { state: "retry" };
                throw notSwapped(run, record, verdict.master, "DCS accepted it, but the instance has been ready for a while and");
            }
            // Without roles, a FAILED task of ours listed after the send is the only evidence that it did nothing.
            if (failedSince) throw failedTask(run, record);
            if (!graceOver) return { state: "retry" };
            if (roles.exposed)
                throw new OperationError(
                    record,
                    unidentifiedError(run, record.sentAt, "DCS accepted it, but the intent recorded no master to compare the node roles with"),
                );
            ports.log(
                `${target.operation}: the instance is ready again and no task of it was listed; confirmed by readiness only (this cloud shows no node roles)`,
            );
            const done: OperationRecord = { ...record, status: JOB_STATUS.SUCCESS };
            journal(run, done);
            return { state: "done", value: { record: done } };
        },
        {
            clock: ports.clock,
            deadline: options.deadline,
            signal: ports.signal,
            // A ready read is confirmed as `waitForInstanceReady` confirms one; otherwise the look backs off.
            delayMs: (n) => (readyReads > 0 ? READY_CONFIRM_DELAY_MS : identifyDelayMs(n)),
        },
    );
    if (confirmed.state === "timeout") throw byTheDeadline();
    return "task" in confirmed.value ? adopt(run, confirmed.value.task, record) : confirmed.value.record;
}
