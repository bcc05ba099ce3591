import * as pulumi from "@pulumi/pulumi";
import { MasterStandbySwap } from "pulumi-dcs-jobs";

// Credentials and endpoint come from stack config (dcs:*) or the environment (OS_*/HW_*, DCS_ENDPOINT),
// never from resource inputs, so they stay out of state.
const config = new pulumi.Config();
const instanceId = config.get("instanceId") ?? "5560df16-cebf-4473-95c4-d1b573c16e79";

const swap = new MasterStandbySwap("switchover", {
    instanceId,
    // Change this value (e.g. to a ticket number) to swap again.
    triggers: [config.get("swapTicket") ?? "initial"],
    timeout: "30m",
});

export const jobId = swap.jobId;
export const status = swap.status;
export const durationMs = swap.durationMs;
// The master once the instance is ready again (Huawei Cloud exposes node roles; unset on OTC).
export const masterNode = swap.masterNode;
export const masterAz = swap.masterAz;
