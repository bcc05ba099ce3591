/**
 * Prints, as one JSON list, the instances of a fleet whose master node is in an availability zone:
 * the `instances` config of index.ts for one maintenance ticket.
 *
 *   pulumi config get fleet | npx ts-node select-fleet.ts eu-west-101a
 *
 * The fleet (a JSON list of instance ids) comes on stdin, credentials from the environment
 * (HW_ACCESS_KEY/HW_SECRET_KEY, HW_PROJECT_ID, HW_REGION_NAME or DCS_ENDPOINT). Read-only: one
 * ShowNodesInformation (`GET …/logical-nodes`) per instance. That call is Huawei Cloud's; OTC
 * documents no node list, so there you list the instances yourself.
 */
import { readFileSync } from "fs";
import { DcsClient, masterOf } from "pulumi-dcs-jobs/client";

async function main(): Promise<void> {
    const az = process.argv[2];
    if (!az) throw new Error("usage: select-fleet.ts <availability zone>  (the fleet's instance ids as a JSON list on stdin)");
    const fleet: unknown = JSON.parse(readFileSync(0, "utf8"));
    if (!Array.isArray(fleet) || !fleet.every((id) => typeof id === "string")) throw new Error("stdin must be a JSON list of instance ids");

    const client = new DcsClient();
    const selected: string[] = [];
    for (const id of fleet as string[]) {
        // Undefined unless exactly one master (not while a swap runs, nor on a single-node instance): we cannot tell, so stop.
        const master = masterOf(await client.showNodes(id));
        if (!master?.azCode) throw new Error(`instance ${id}: its node list shows no single master with an AZ; retry, or leave it out of the fleet`);
        const hit = master.azCode === az;
        console.error(`${id}: master ${master.nodeName ?? master.nodeId} in ${master.azCode}${hit ? "  <- selected" : ""}`);
        if (hit) selected.push(id);
    }
    if (selected.length === 0) throw new Error(`no master of the ${fleet.length} instances is in ${az}: nothing to drain`);
    console.log(JSON.stringify(selected));
}

main().catch((error: unknown) => {
    console.error(`select-fleet: ${(error as Error).message}`);
    process.exitCode = 1;
});
