import { READY_CONFIRM_DELAY_MS, READY_FIRST_DELAY_MS, READY_MAX_DELAY_MS, READY_MIN_DELAY_MS } from "./defaults";
import { DcsAbortedError, DcsInstanceStateError } from "./errors";
import { DcsInstance } from "./models";
import { Clock } from "./sleep";

/**
 * Statuses that waiting will not fix (https://support.huaweicloud.com/intl/en-us/api-dcs/dcs-api-0312047.html); the Huawei
 * Terraform provider aborts on the same (refreshDcsInstanceState in
 * https://github.com/huaweicloud/terraform-provider-huaweicloud/blob/master/huaweicloud/services/dcs/common.go).
 */
export const FATAL_INSTANCE_STATUSES = new Set(["CREATEFAILED", "ERROR", "FROZEN"]);

/** Ready = RUNNING with no task in progress, the condition DCS needs before it accepts an operation. */
export function isInstanceReady(instance: DcsInstance): boolean {
    return instance.status === "RUNNING" && instance.task === undefined;
}

export interface WaitReadyOptions {
    clock: Clock;
    deadline: number;
    signal?: AbortSignal;
    /** First look after this long (the caller just saw the instance busy); default `READY_FIRST_DELAY_MS`. */
    firstDelayMs?: number;
    /** Default `READY_MAX_DELAY_MS`. */
    maxDelayMs?: number;
    /** Ready reads in a row that count as ready (the Huawei Terraform provider asks for 2 before the next operation); default 1. */
    consecutive?: number;
    /** Wait before the read that confirms a ready one; default `READY_CONFIRM_DELAY_MS`. */
    confirmDelayMs?: number;
    onWaiting?: (instance: DcsInstance) => void;
}

/**
 * Polls the instance until it is ready on `consecutive` reads in a row: while it is busy the delay
 * doubles from `firstDelayMs` (at least `READY_MIN_DELAY_MS`) up to `maxDelayMs`, and a ready read is
 * confirmed `confirmDelayMs` later. Throws `DcsInstanceStateError` on a fatal status and
 * `DcsAbortedError` at the deadline (`reason: "deadline"`) or when the signal fires (`"signal"`).
 */
export async function waitForInstanceReady(show: () => Promise<DcsInstance>, options: WaitReadyOptions): Promise<DcsInstance> {
    let busyDelay = options.firstDelayMs ?? READY_FIRST_DELAY_MS;
    let delay = busyDelay;
    const maxDelay = options.maxDelayMs ?? READY_MAX_DELAY_MS;
    const needed = options.consecutive ?? 1;
    let readyReads = 0;
    for (;;) {
        const remaining = options.deadline - options.clock.now();
        if (remaining <= 0) throw new DcsAbortedError("waiting for the instance to become ready", "deadline");
        if (delay > 0) await options.clock.sleep(Math.min(delay, remaining), options.signal);
        const instance = await show();
        if (FATAL_INSTANCE_STATUSES.has(instance.status)) throw new DcsInstanceStateError(instance.instanceId, instance.status);
        if (isInstanceReady(instance)) {
            if (++readyReads >= needed) return instance;
            delay = options.confirmDelayMs ?? READY_CONFIRM_DELAY_MS;
            continue;
        }
        readyReads = 0;
        options.onWaiting?.(instance);
        busyDelay = Math.min(maxDelay, Math.max(READY_MIN_DELAY_MS, busyDelay * 2));
        delay = busyDelay;
    }
}
