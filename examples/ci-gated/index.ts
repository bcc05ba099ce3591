import * as pulumi from "@pulumi/pulumi";
import { ClientIpPassthrough, MasterStandbySwap } from "pulumi-dcs-jobs";

const config = new pulumi.Config();
const instanceId = config.get("instanceId") ?? "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

// Step 1: switch over (e.g. before maintenance on the old master's host).
const swap = new MasterStandbySwap("switchover", { instanceId, triggers: [config.get("release") ?? "r1"] });

// Step 2 runs only after the swap job ended in SUCCESS: a FAIL job fails `pulumi up` (exit code 255)
// with DCS's fail_reason, so the CI job stops here and this change is never made.
const passthrough = new ClientIpPassthrough("client-ip-after-swap", { instanceId, enabled: true }, { dependsOn: [swap] });

export const swapJob = swap.jobId;
export const swapStatus = swap.status;
export const passthroughEnabled = passthrough.enabled;
