import * as pulumi from "@pulumi/pulumi";
import { RollingSwap } from "pulumi-dcs-jobs";

// Credentials and endpoint come from stack config (dcs:*) or the environment (OS_*/HW_*, DCS_ENDPOINT),
// never from resource inputs, so they stay out of state.
const config = new pulumi.Config();

// The instances whose master sits in the availability zone to drain, as a JSON list. They are chosen
// BEFORE the run (select-fleet.ts reads each instance's nodes; maintenance.yml does it in its preview
// job) and stay fixed for the ticket. This program deliberately does not filter by the current master
// AZ itself: every swap moves a master out of the zone, so on the `pulumi up` that resumes after a
// failure such a filter would drop the instances already swapped and change the plan under the run.
const instances = config.requireObject<string[]>("instances");
// The maintenance ticket: a new ticket swaps the listed instances again; the same one never does.
const ticket = config.require("ticket");
// Recorded with the run (a stack output) so the state says what the swaps were for.
const drainAz = config.get("drainAz") ?? "";

const maintenance = new RollingSwap("maintenance", {
    instanceIds: instances,
    // How many swaps run at once; the n-th starts once the (n - maxParallel)-th has finished.
    maxParallel: config.getNumber("maxParallel") ?? 2,
    // The stop rule: after a failed swap no further swap starts (running ones finish), and `pulumi up`
    // fails listing what swapped, what failed and why, and what did not start. Fix the cause and run
    // `pulumi up` again: it starts the failed and not-started swaps and leaves the swapped ones alone.
    continueOnFailure: false,
    triggers: { ticket },
    // Per swap: the trigger and the wait for its job.
    timeout: "30m",
});

export const maintenanceTicket = ticket;
export const drainedAz = drainAz;
export const plan = maintenance.plan;
export const swapped = maintenance.swapped;
export const failed = maintenance.failed;
export const notStarted = maintenance.notStarted;
