/**
 * The 0.1.0 run that wrote the state phase 0 begins from (`World.legacy`). 0.1 had no intents: it
 * sent the swap itself (async → a job; sync → 204), waited for it (the sync swap as "the newest
 * swap task since the send", with a 30 s grace for a task not listed yet) until it ended or its
 * timeout, and wrote what it saw: the job's SUCCESS or FAIL, a RUNNING job id when it timed out, a
 * sync task's id as `jobId`, or `pending-since-<ms>` for a sync swap it never found. A run killed
 * before the engine wrote state left no record, whether or not DCS had accepted the swap.
 *
 * The outputs are 0.1's own (release commit 1684fae, `kinds/master-standby-swap.ts`); the record the
 * upgraded runtime reads from them is the real `recordOf`. The swap counts as phase 0's operation.
 */
import { OperationRecord } from "../../../provider/operations";
import { recordOf } from "../../../provider/resources/runtime/operation";
import { ChaosClock } from "./clock";
import { DcsModel, ModelSwap, SWAP_TASK } from "./dcs-model";
import { Tally, Trace } from "./trace";
import { LegacyStart } from "./world";

/** 0.1's waiter tolerated a 404 (a sync task not listed yet) this long (`DEFAULT_NOT_FOUND_GRACE_MS` of 0.1.0). */
const LEGACY_NOT_FOUND_GRACE_MS = 30_000;

/** The run of a swap sent by 0.1 (no `pulumi up` of the upgraded program). */
export const LEGACY_RUN = -1;

export type LegacyShape = "success" | "fail" | "running" | "pending" | "killed-unsent" | "killed-sent";

export interface LegacyOutcome {
    shape: LegacyShape;
    /** What state holds after the 0.1 run, as the upgraded runtime reads it (`recordOf`); none when killed. */
    record?: OperationRecord;
    /** The swap DCS accepted from 0.1, if any. */
    swap?: ModelSwap;
    /** Server ms of 0.1's send: where phase 0's operation began. */
    sentAt: number;
}

export function playLegacy(legacy: LegacyStart, model: DcsModel, clock: ChaosClock, trace: Trace, tally: Tally): LegacyOutcome {
    const sentAt = model.serverNow();
    const wallSentAt = clock.wallNow();
    tally.add("legacy");
    const done = (shape: LegacyShape, record?: OperationRecord, swap?: ModelSwap): LegacyOutcome => {
        tally.add(`legacy-${shape}`);
        trace.log(`── 0.1.0 left ${record ? `state ${record.status}${record.jobId ? ` (jobId ${record.jobId})` : ""}` : "no record"} (${shape})`);
        return { shape, record, swap, sentAt };
    };
    trace.where = "0.1.0";
    trace.log(
        `── pulumi up with the 0.1.0 package (${legacy.api} swap, timeout ${legacy.timeoutMs / 1000} s${legacy.end === "waited" ? "" : `, ${legacy.end}`})`,
    );
    if (legacy.end === "killed-before-send") return done("killed-unsent");
    const swap = model.accept(legacy.api, 0, LEGACY_RUN, false, sentAt);
    if (legacy.end === "killed-after-accept") return done("killed-sent", undefined, swap);
    // How long 0.1 watched it: until it ended (a sync swap: until its task was listed ended), its timeout, or its 404 grace.
    const listedAt = swap.api === "sync" ? swap.listedAt : -Infinity;
    const giveUpAt = sentAt + (listedAt === Infinity ? Math.min(legacy.timeoutMs, LEGACY_NOT_FOUND_GRACE_MS) : legacy.timeoutMs);
    const sawAt = Math.min(Math.max(swap.endsAt, listedAt), giveUpAt);
    clock.advance(sawAt - sentAt);
    model.catchUp();
    const outputs: Record<string, unknown> = { apiUsed: swap.api, beginTime: wallSentAt, runtimeVersion: "0.1.0", stateVersion: 1 };
    if (swap.api === "sync" && listedAt > sawAt) {
        // Never found: `keepJobAndThrow` kept the placeholder id, RUNNING.
        Object.assign(outputs, { jobId: `pending-since-${wallSentAt}`, status: "RUNNING" });
    } else if (swap.api === "sync") {
        // `taskAsJob`: the task's id is the job id; SUCCESS, FAILED → FAIL, anything else RUNNING.
        tally.add("legacy-sync-task");
        const status = model.taskStatus(swap, sawAt);
        Object.assign(outputs, { jobId: swap.taskId, jobType: SWAP_TASK, status: status === "SUCCESS" ? "SUCCESS" : status === "FAILED" ? "FAIL" : "RUNNING" });
    } else {
        Object.assign(outputs, { jobId: swap.jobId, jobType: SWAP_TASK, status: model.jobStatus(swap, sawAt) });
    }
    const record = recordOf(outputs);
    const status = String(outputs.status);
    const shape: LegacyShape = String(outputs.jobId).startsWith("pending-since-")
        ? "pending"
        : status === "SUCCESS"
          ? "success"
          : status === "FAIL"
            ? "fail"
            : "running";
    return done(shape, record, swap);
}
