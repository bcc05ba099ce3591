/**
 * What a master/standby switchover adds to the lifecycle: the instance must be ready again before
 * it counts as done, its master is reported, and a synchronous swap — which DCS may not list as a
 * task — is confirmed, or proven not to have run, by the node roles (docs/design/exactly-once.md).
 */
import { DcsAbortedError, DcsBackgroundTask, DcsInstanceStateError, DcsMaster, FATAL_INSTANCE_STATUSES, READY_CONFIRM_DELAY_MS, isInstanceReady } from "../dcs";
import { IDENTIFY_FIRST_DELAY_MS, IDENTIFY_MAX_DELAY_MS, READY_READS_IN_A_ROW } from "./defaults";
import { OperationError } from "./errors";
import { pickAdoptable, taskJobStatus, unaccountedTasks } from "./identify";
import { currentMaster, waitUntilSettled } from "./instance-checks";
import { OperationRecord, SENT } from "./record";
import { Run, failedError, failedTask, graceMs, journal, keep, unidentifiedError, unlessAborted } from "./run";
import { readAllTasks } from "./task-list";

const NO_SYNC_PROOF =
    "the synchronous swap may have run: it is not in the task list (DCS may not list it) and the instance's node roles cannot be read to tell";

/** Whether the roles are the evidence of last resort for this operation (a switchover on a port that reads them). */
export function usesRoles(run: Run): boolean {
    return run.target.switchover === true && run.target.instanceId !== undefined && run.ports.instances !== undefined;
}

/** An earlier run may have sent the synchronous swap: its record says so, or it left none and sync is one of the APIs. */
export function maySyncHaveBeenSent(run: Run, record: OperationRecord | undefined): boolean {
    if (!run.target.switchover) return false;
    if (record?.api !== undefined) return record.api === "sync";
    return run.target.sends.some((s) => s.api === "sync");
}

/**
 * Did a switchover happen since the intent? Known only where roles are exposed and the intent
 * recorded the master; read once the instance has settled, so a swap under way is not missed.
 */
async function roleEvidence(run: Run): Promise<{ known: boolean; swapped?: boolean; master?: DcsMaster }> {
    const { ports, target, options } = run;
    const baseline = target.intent.baselineMaster;
    if (!usesRoles(run) || baseline === undefined) return { known: false };
    try {
        await waitUntilSettled(ports.instances!, target.instanceId!, { clock: ports.clock, deadline: options.deadline, signal: ports.signal });
    } catch (error) {
        if (error instanceof DcsAbortedError && error.reason === "signal") throw error;
        return { known: false };
    }
    const master = await currentMaster(ports.instances, target.instanceId!, { signal: ports.signal, deadline: options.deadline });
    if (!master) return { known: false };
    return { known: true, swapped: master.nodeId !== baseline, master };
}

/**
 * Before a synchronous swap that may have reached DCS is sent again: the SUCCESS record when the
 * roles show it swapped, undefined when they show it did not (send again), and an
 * `OperationUnidentifiedError` (with `record` kept, if any) when the roles cannot tell.
 */
export async function syncSwapProof(run: Run, record: OperationRecord | undefined, cause?: unknown): Promise<OperationRecord | undefined> {
    const roles = await roleEvidence(run);
    if (roles.swapped) return swappedByRoles(run, record ?? { status: SENT, api: "sync" }, roles.master);
    if (!roles.known) throw keep(record, unidentifiedError(run, record?.sentAt, NO_SYNC_PROOF, cause));
    return undefined;
}

function swappedByRoles(run: Run, record: OperationRecord, master: DcsMaster | undefined): OperationRecord {
    run.ports.log(`${run.target.operation}: the master is now ${describeMaster(master)}, not the one recorded with the intent: it swapped; not sending again`);
    const done: OperationRecord = { ...record, status: "SUCCESS", master, masterChanged: true };
    journal(run, done);
    return done;
}

/**
 * Confirms an accepted synchronous swap (204, no job): adopts its task if DCS lists one; otherwise
 * done once the instance is ready on two reads in a row and the master differs from the intent's,
 * or — where roles are not exposed — once that has held for a whole grace with no task of ours.
 */
export async function confirmSync(
    run: Run,
    record: OperationRecord,
    adopt: (task: DcsBackgroundTask, prior: OperationRecord) => Promise<OperationRecord>,
): Promise<OperationRecord> {
    const { ports, target, options } = run;
    const startedAt = ports.clock.now();
    const baseline = target.intent.baselineMaster;
    let readyReads = 0;
    let backoff = IDENTIFY_FIRST_DELAY_MS;
    for (;;) {
        const now = ports.clock.now();
        // A ready read is confirmed as `waitForInstanceReady` confirms one; otherwise the look backs off.
        const delay = readyReads > 0 ? READY_CONFIRM_DELAY_MS : backoff;
        backoff = Math.min(IDENTIFY_MAX_DELAY_MS, backoff * 2);
        if (now >= options.deadline)
            throw new OperationError(
                record,
                unidentifiedError(
                    run,
                    record.sentAt,
                    "DCS accepted it; by the deadline neither its task nor the instance settling with a new master confirmed it",
                ),
            );
        await ports.clock.sleep(Math.min(delay, options.deadline - now), ports.signal);
        const tasks = await readAllTasks(ports.tasks, target.instanceId!, { signal: ports.signal, deadline: options.deadline }).catch(unlessAborted);
        // Unreadable: our task (or its failure) may be there; the roles are only the proof of last resort.
        if (!tasks) continue;
        if (target.taskName) {
            const own = pickAdoptable(unaccountedTasks(tasks, target.taskName, run.baseline));
            if (own) return adopt(own, record);
            if (tasks.some((t) => t.name === target.taskName && !run.baseline.has(t.id) && taskJobStatus(t.status) === "FAIL")) throw failedTask(run, record);
        }
        const instance = await ports.instances!.show(target.instanceId!, { signal: ports.signal, deadline: options.deadline }).catch(unlessAborted);
        if (instance && FATAL_INSTANCE_STATUSES.has(instance.status))
            throw new OperationError(record, new DcsInstanceStateError(instance.instanceId, instance.status));
        readyReads = instance && isInstanceReady(instance) ? readyReads + 1 : 0;
        if (readyReads < READY_READS_IN_A_ROW) continue;
        const master = await currentMaster(ports.instances, target.instanceId!, { signal: ports.signal, deadline: options.deadline });
        if (baseline !== undefined && master) {
            if (master.nodeId !== baseline) return swappedByRoles(run, record, master);
            if (ports.clock.now() - startedAt >= graceMs(run)) {
                const failed: OperationRecord = { ...record, status: "FAIL", master, masterChanged: false };
                journal(run, failed);
                throw new OperationError(
                    failed,
                    failedError(
                        run,
                        `DCS accepted it, but the instance has been ready for a while and ${describeMaster(master)} is still the master: it did not swap`,
                    ),
                );
            }
        } else if (ports.clock.now() - startedAt >= graceMs(run)) {
            ports.log(
                `${target.operation}: the instance is ready again and no task of it was listed; confirmed by readiness only (this cloud shows no node roles)`,
            );
            const done: OperationRecord = { ...record, status: "SUCCESS", master };
            journal(run, done);
            return done;
        }
    }
}

/** A switchover ends with the instance ready twice in a row, and reports the master. */
export async function finish(run: Run, record: OperationRecord): Promise<OperationRecord> {
    const { ports, target, options } = run;
    if (record.status !== "SUCCESS" || !usesRoles(run)) return record;
    try {
        await waitUntilSettled(ports.instances!, target.instanceId!, {
            clock: ports.clock,
            deadline: options.deadline,
            signal: ports.signal,
            onWaiting: (i) =>
                ports.log(`${target.operation}: done; waiting for instance ${i.instanceId} to be ready again (${i.status}${i.task ? `, ${i.task}` : ""})`),
        });
    } catch (error) {
        throw new OperationError(record, error as Error);
    }
    const master = await currentMaster(ports.instances, target.instanceId!, { signal: ports.signal, deadline: options.deadline });
    const baseline = target.intent.baselineMaster;
    const masterChanged = master && baseline !== undefined ? master.nodeId !== baseline : undefined;
    if (masterChanged === false) ports.log(`${target.operation}: warning: DCS reports SUCCESS, but ${describeMaster(master)} is still the master`);
    return { ...record, master, masterChanged };
}

/** "node-b (az-1b)", for log lines. */
export function describeMaster(master: DcsMaster | undefined): string {
    if (!master) return "unknown";
    return `${master.nodeName ?? master.nodeId}${master.azCode ? ` (${master.azCode})` : ""}`;
}
