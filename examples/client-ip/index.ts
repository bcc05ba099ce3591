import * as pulumi from "@pulumi/pulumi";
import { ClientIpPassthrough } from "pulumi-dcs-jobs";

const config = new pulumi.Config();
const instanceId = config.get("instanceId") ?? "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

const passthrough = new ClientIpPassthrough("client-ip", {
    instanceId,
    enabled: config.getBoolean("enabled") ?? false,
    // Put back what was there before when this resource is destroyed.
    restoreOnDelete: true,
});

export const enabled = passthrough.enabled;
export const previousEnabled = passthrough.previousEnabled;
export const noChange = passthrough.noChange;
export const jobId = passthrough.jobId;
