/**
 * The master/standby switchover as an operation: one definition for `MasterStandbySwap` and for
 * `dcs-jobs swap`, so the task name, the APIs tried and the conflict error cannot drift apart.
 */
import { asyncSwapSpec, syncSwapSpec } from "../dcs";
import { SwapInProgressError } from "./errors";
import { IntentRef, ListedTarget, OperationSend } from "./target";

/** How DCS names a switchover among the instance's background tasks. */
export const SWAP_TASK_NAME = "masterStandbySwapJob";

/** Which swap API to call: "async" (a job), "sync" (204), or "auto" (async, then sync where async does not exist). */
export type SwapApi = "async" | "sync" | "auto";

/** The sends for `api`, in the order they are tried. */
export function swapSends(projectId: string, instanceId: string, api: SwapApi = "auto"): OperationSend[] {
    const sends: OperationSend[] = [];
    if (api !== "sync") sends.push({ api: "async", spec: asyncSwapSpec(projectId, instanceId) });
    if (api !== "async") sends.push({ api: "sync", spec: syncSwapSpec(projectId, instanceId) });
    return sends;
}

/** A switchover of `instanceId` under `intent`. */
export function swapTarget(projectId: string, instanceId: string, intent: IntentRef, api: SwapApi = "auto"): ListedTarget {
    return {
        operation: "master/standby swap",
        instanceId,
        taskName: SWAP_TASK_NAME,
        sends: swapSends(projectId, instanceId, api),
        intent,
        conflict: (task) => new SwapInProgressError(instanceId, task.id, task.jobId),
        switchover: true,
    };
}
