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
    onWaiting?: (instance: DcsInstance) => void;
}

/**
 * Polls the instance until it is ready on `consecutive` reads in a row, doubling the delay from 2 s up to 10 s while it is not.
 * Throws `DcsInstanceStateError` on a fatal status and `DcsAbortedError` at the deadline.
 */
export async function waitForInstanceReady(show: () => Promise<DcsInstance>, options: WaitReadyOptions): Promise<DcsInstance> {
    let delay = options.firstDelayMs ?? 2000;
    const maxDelay = options.maxDelayMs ?? 10_000;
    const needed = options.consecutive ?? 1;
    let readyReads = 0;
    for (;;) {
        const remaining = options.deadline - options.clock.now();
        if (remaining <= 0) throw new DcsAbortedError("waiting for the instance to become ready (deadline reached)");
        await options.clock.sleep(Math.min(delay, remaining), options.signal);
        const instance = await show();
        if (FATAL_INSTANCE_STATUSES.has(instance.status)) throw new DcsInstanceStateError(instance.instanceId, instance.status);
        if (isInstanceReady(instance)) {
            if (++readyReads >= needed) return instance;
            continue; // the next read confirms after the same delay
        }
        readyReads = 0;
        options.onWaiting?.(instance);
        delay = Math.min(maxDelay, delay * 2);
    }
}
