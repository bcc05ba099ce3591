import { DcsAbortedError, DcsInstanceStateError } from "./errors";
import { DcsInstance } from "./models";
import { Clock } from "./sleep";

/** Statuses that waiting will not fix (dcs-api.md §3; the Huawei Terraform provider aborts on the same). */
export const FATAL_INSTANCE_STATUSES = new Set(["CREATEFAILED", "ERROR", "FROZEN"]);

/** Ready = RUNNING with no task in progress, the condition DCS needs before it accepts an operation. */
export function isInstanceReady(instance: DcsInstance): boolean {
    return instance.status === "RUNNING" && instance.task === undefined;
}

export interface WaitReadyOptions {
    clock: Clock;
    deadline: number;
    signal?: AbortSignal;
    /** First look after this long (the caller just saw the instance busy). */
    firstDelayMs?: number;
    maxDelayMs?: number;
    /** Ready reads in a row that count as ready (the Huawei Terraform provider asks for 2 before the next operation); default 1. */
    consecutive?: number;
    /** Wait before the read that confirms a ready one; default 1 s, so two reads in a row are not one moment. */
    confirmDelayMs?: number;
    onWaiting?: (instance: DcsInstance) => void;
}

/**
 * Polls the instance until it is ready on `consecutive` reads in a row: while it is busy the delay
 * doubles from `firstDelayMs` (2 s) up to 10 s, and a ready read is confirmed `confirmDelayMs` later.
 * Throws `DcsInstanceStateError` on a fatal status and `DcsAbortedError` at the deadline.
 */
export async function waitForInstanceReady(show: () => Promise<DcsInstance>, options: WaitReadyOptions): Promise<DcsInstance> {
    let busyDelay = options.firstDelayMs ?? 2000;
    let delay = busyDelay;
    const maxDelay = options.maxDelayMs ?? 10_000;
    const needed = options.consecutive ?? 1;
    let readyReads = 0;
    for (;;) {
        const remaining = options.deadline - options.clock.now();
        if (remaining <= 0) throw new DcsAbortedError("waiting for the instance to become ready (deadline reached)");
        if (delay > 0) await options.clock.sleep(Math.min(delay, remaining), options.signal);
        const instance = await show();
        if (FATAL_INSTANCE_STATUSES.has(instance.status)) throw new DcsInstanceStateError(instance.instanceId, instance.status);
        if (isInstanceReady(instance)) {
            if (++readyReads >= needed) return instance;
            delay = options.confirmDelayMs ?? 1000;
            continue;
        }
        readyReads = 0;
        options.onWaiting?.(instance);
        // At least 1 s, so that a first look made at once (firstDelayMs 0) does not become a busy loop.
        busyDelay = Math.min(maxDelay, Math.max(1000, busyDelay * 2));
        delay = busyDelay;
    }
}
