/**
 * What a master/standby switchover adds to the lifecycle: the instance must be ready again before
 * it counts as done, its master is reported, and where the cloud exposes node roles the master is
 * the evidence of last resort: a swap is never sent again while the roles show it happened, never
 * reported done while they show it did not, and never decided without them when they fail to read
 * (docs/design/exactly-once.md).
 */
import { DcsAbortedError, DcsMaster, JOB_STATUS } from "../dcs";
import { OperationError, RolesUnreadableError, SwitchoverUnconfirmedError } from "./errors";
import { waitUntilSettled } from "./instance-checks";
import { OperationRecord, endedWithoutEffect } from "./record";
import { Roles, readRoles } from "./roles";
import { RolesRun, Run, failedError, journal, keep, unidentifiedError, usesRoles } from "./run";

export const NO_SYNC_PROOF =
    "the synchronous swap may have run: it is not in the task list (DCS may not list it) and the instance's node roles cannot be read to tell";

/** What the roles say about the intent: a switchover since it, none, or nothing (no roles here, or no master recorded with the intent). */
export type RoleVerdict =
    | { verdict: "swapped"; master: DcsMaster }
    | { verdict: "not-swapped"; master: DcsMaster; instanceId: string; masterBefore: string }
    | { verdict: "unknown" };

/**
 * An earlier run may have sent the synchronous swap: its record says so, or sync is one of the APIs.
 * A record saying "async" is not enough: it is what that run tried first, and a run that died later
 * may have fallen back to sync without writing anything more.
 */
export function maySyncHaveBeenSent(run: Run, record: OperationRecord | undefined): boolean {
    if (!run.target.switchover) return false;
    return record?.api === "sync" || run.target.sends.some((s) => s.api === "sync");
}

/**
 * Did a switchover happen since the intent? Read once the instance has settled, so a swap under
 * way is not missed. Rejects (with `record` kept) when the instance does not settle in time or the
 * roles exist but cannot be read: nothing may be decided then.
 */
export async function rolesSinceIntent(run: Run, record: OperationRecord | undefined): Promise<RoleVerdict> {
    if (!usesRoles(run)) return { verdict: "unknown" };
    const { ports, target, options } = run;
    try {
        await waitUntilSettled(ports.instances, target.instanceId, { clock: ports.clock, deadline: options.deadline, signal: ports.signal });
        return verdictOf(run, await readRoles(ports.instances, target.instanceId, { clock: ports.clock, deadline: options.deadline, signal: ports.signal }));
    } catch (error) {
        // Unlike `passOn`: a deadline that passes while deciding keeps the record with the error (the
        // caller reports what it knows); only the caller's own signal goes on bare.
        if (error instanceof DcsAbortedError && error.reason === "signal") throw error;
        throw keep(record, error as Error);
    }
}

export function verdictOf(run: RolesRun, roles: Roles): RoleVerdict {
    const before = run.target.intent.baselineMaster;
    if (!roles.exposed || before === undefined) return { verdict: "unknown" };
    if (roles.master.nodeId !== before) return { verdict: "swapped", master: roles.master };
    return { verdict: "not-swapped", master: roles.master, instanceId: run.target.instanceId, masterBefore: before };
}

/** The roles show a switchover since the intent: done, and nothing is sent. */
export function swappedByRoles(run: Run, record: OperationRecord, master: DcsMaster): OperationRecord {
    run.ports.log(`${run.target.operation}: the master is now ${describeMaster(master)}, not the one recorded with the intent: it swapped; not sending again`);
    // A job that ended without effect is not the switchover the roles show: it is not reported as it.
    const proven = endedWithoutEffect(record) ? { status: record.status, sentAt: record.sentAt, api: record.api } : record;
    const done: OperationRecord = { ...proven, status: JOB_STATUS.SUCCESS, master, masterChanged: true };
    journal(run, done);
    return done;
}

/**
 * The roles show the intent's master still in place once the instance settled: the operation ended
 * without effect (FAIL, so a later run may send again). The error to throw, its record journaled.
 */
export function notSwapped(run: Run, record: OperationRecord, master: DcsMaster, leadIn: string): OperationError {
    const failed: OperationRecord = { ...record, status: JOB_STATUS.FAIL, master, masterChanged: false };
    journal(run, failed);
    return new OperationError(failed, failedError(run, `${leadIn} ${describeMaster(master)} is still the master: it did not swap`));
}

/** A SUCCESS whose master had not changed: read the roles again; done if they now show the switchover, else the same error. Never sent again. */
export async function reconfirm(run: Run, record: OperationRecord): Promise<OperationRecord> {
    const roles = await rolesSinceIntent(run, record);
    if (roles.verdict === "swapped") return swappedByRoles(run, record, roles.master);
    if (roles.verdict === "not-swapped") throw new OperationError(record, unconfirmedError(roles, "DCS reported the swap SUCCESS"));
    // No roles to contradict DCS any more (they were readable when the record was written).
    throw keep(record, unidentifiedError(run, record.sentAt, "DCS reported SUCCESS while the master was unchanged, and the node roles cannot be read now"));
}

/**
 * A switchover ends with the instance ready twice in a row, and reports the master. DCS's SUCCESS
 * with the intent's master still in place is not reported as done: it stops, naming both.
 */
export async function finish(run: Run, record: OperationRecord): Promise<OperationRecord> {
    if (record.status !== JOB_STATUS.SUCCESS || !usesRoles(run)) return record;
    const { ports, target, options } = run;
    try {
        await waitUntilSettled(ports.instances, target.instanceId, {
            clock: ports.clock,
            deadline: options.deadline,
            signal: ports.signal,
            onWaiting: (i) =>
                ports.log(`${target.operation}: done; waiting for instance ${i.instanceId} to be ready again (${i.status}${i.task ? `, ${i.task}` : ""})`),
        });
    } catch (error) {
        throw new OperationError(record, error as Error);
    }
    let roles: Roles;
    try {
        roles = await readRoles(ports.instances, target.instanceId, { clock: ports.clock, deadline: options.deadline, signal: ports.signal });
    } catch (error) {
        if (!(error instanceof RolesUnreadableError)) throw new OperationError(record, error as Error);
        // DCS's own SUCCESS stands; the roles would only have confirmed it.
        ports.log(`${target.operation}: warning: ${error.message}; the master is not reported, and SUCCESS rests on DCS's job status`);
        return record;
    }
    const verdict = verdictOf(run, roles);
    if (verdict.verdict === "not-swapped") {
        const unconfirmed: OperationRecord = { ...record, master: verdict.master, masterChanged: false };
        journal(run, unconfirmed);
        throw new OperationError(unconfirmed, unconfirmedError(verdict, `DCS reports the swap SUCCESS (${record.jobId ?? record.taskId})`));
    }
    const master = roles.exposed ? roles.master : undefined;
    return { ...record, master, masterChanged: verdict.verdict === "swapped" ? true : undefined };
}

/** DCS's SUCCESS while the roles show the intent's master still in place: both nodes named. */
export function unconfirmedError(verdict: { master: DcsMaster; instanceId: string; masterBefore: string }, what: string): SwitchoverUnconfirmedError {
    return new SwitchoverUnconfirmedError({
        instanceId: verdict.instanceId,
        masterBefore: verdict.masterBefore,
        masterNow: describeMaster(verdict.master),
        what,
    });
}

/** "node-b (az-1b)", for log lines. */
export function describeMaster(master: DcsMaster | undefined): string {
    if (!master) return "unknown";
    return `${master.nodeName ?? master.nodeId}${master.azCode ? ` (${master.azCode})` : ""}`;
}
