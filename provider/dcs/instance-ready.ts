import { READY_CONFIRM_DELAY_MS, READY_FIRST_DELAY_MS, READY_MAX_DELAY_MS, READY_MIN_DELAY_MS } from "./defaults";
import { DcsAbortedError, DcsInstanceStateError } from "./errors";
import { DcsInstance } from "./models";
import { poll } from "./poll";
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
    const what = "waiting for the instance to become ready";
    if (options.deadline <= options.clock.now()) throw new DcsAbortedError(what, "deadline");
    const maxDelay = options.maxDelayMs ?? READY_MAX_DELAY_MS;
    const needed = options.consecutive ?? 1;
    let busyDelay = options.firstDelayMs ?? READY_FIRST_DELAY_MS;
    let readyReads = 0;
    const result = await poll<DcsInstance>(
        async () => {
            const instance = await show();
            if (FATAL_INSTANCE_STATUSES.has(instance.status)) throw new DcsInstanceStateError(instance.instanceId, instance.status);
            if (isInstanceReady(instance)) {
                if (++readyReads >= needed) return { state: "done", value: instance };
                return { state: "retry", delayMs: options.confirmDelayMs ?? READY_CONFIRM_DELAY_MS };
            }
            readyReads = 0;
            options.onWaiting?.(instance);
            busyDelay = Math.min(maxDelay, Math.max(READY_MIN_DELAY_MS, busyDelay * 2));
            return { state: "retry", delayMs: busyDelay };
        },
        { clock: options.clock, deadline: options.deadline, signal: options.signal, delayMs: () => busyDelay },
    );
    if (result.state === "done") return result.value;
    throw new DcsAbortedError(what, "deadline");
}
