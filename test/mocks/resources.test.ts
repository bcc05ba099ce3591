import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "crypto";

/** Program-side wiring under `setMocks`: type tokens, inputs, declared outputs, and the serialized shim. */
describe("resource classes under pulumi.runtime.setMocks", () => {
    const registered: pulumi.runtime.MockResourceArgs[] = [];
    let resources: typeof import("../../provider/resources");

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args);
                    return { id: `${args.name}-id`, state: { ...args.inputs, status: "SUCCESS", jobId: "j-1" } };
                },
                call: () => ({}),
            },
            "proj",
            "dev",
            false,
        );
        resources = await import("../../provider/resources");
    });

    const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
    const find = (name: string) => registered.find((r) => r.name === name)!;

    it("uses the pulumi-nodejs:dynamic/dcs type tokens", async () => {
        const id = randomUUID();
        const swap = new resources.MasterStandbySwap("swap", { instanceId: id });
        const cip = new resources.ClientIpPassthrough("cip", { instanceId: id, enabled: true });
        const job = new resources.DcsJob("job", { method: "PUT", path: "/v2/{project_id}/instances/x/ssl" });
        await Promise.all([output(swap.urn), output(cip.urn), output(job.urn)]);
        expect(find("swap").type).to.equal("pulumi-nodejs:dynamic/dcs:MasterStandbySwap");
        expect(find("cip").type).to.equal("pulumi-nodejs:dynamic/dcs:ClientIpPassthrough");
        expect(find("job").type).to.equal("pulumi-nodejs:dynamic/dcs:DcsJob");
    });

    it("passes inputs, adds the owner, and exposes declared outputs", async () => {
        const id = randomUUID();
        const swap = new resources.MasterStandbySwap("wired", { instanceId: id, triggers: { rev: 2 }, timeout: "45m" });
        expect(await output(swap.status)).to.equal("SUCCESS");
        expect(await output(swap.jobId)).to.equal("j-1");
        expect(await output(swap.instanceId)).to.equal(id);
        const inputs = find("wired").inputs;
        expect(inputs).to.include({ instanceId: id, timeout: "45m", owner: "proj/dev/wired" });
        expect(inputs.triggers).to.deep.equal({ rev: 2 });
        expect(inputs).not.to.have.property("jobId");
    });

    it("registers the intent beside the swap with the swap's connection inputs, and never its owner or polling", async () => {
        const id = randomUUID();
        const connection = { projectId: "0123456789abcdef0123456789abcdef", region: "eu-de", endpoint: "https://dcs.example.test", timeout: "20m" };
        const swap = new resources.MasterStandbySwap("connected", { instanceId: id, pollPolicy: { maxDelayMs: 5000 }, ...connection });
        await output(swap.urn);
        const intent = find("connected-intent").inputs;
        expect(intent).to.include({ forKind: "MasterStandbySwap", instanceId: id, taskName: "masterStandbySwapJob", ...connection });
        expect(intent.owner).to.equal("proj/dev/connected-intent");
        expect(intent).not.to.have.property("pollPolicy");
    });

    it("does not mutate the caller's args, so one args object can serve two resources", async () => {
        const args = { instanceId: randomUUID(), enabled: false };
        const a = new resources.ClientIpPassthrough("a", args);
        const b = new resources.ClientIpPassthrough("b", args);
        await Promise.all([output(a.urn), output(b.urn)]);
        expect(Object.keys(args)).to.deep.equal(["instanceId", "enabled"]);
    });

    it("rejects a function in triggers with a message naming the property", () => {
        expect(() => new resources.MasterStandbySwap("bad", { instanceId: randomUUID(), triggers: { at: () => 1 } })).to.throw(
            /triggers\.at: must be JSON-serializable/,
        );
    });

    it("serializes a thin shim: small, requiring the runtime, holding no dependency code", async () => {
        const swap = new resources.MasterStandbySwap("shim", { instanceId: randomUUID() });
        await output(swap.urn);
        const text = String(find("shim").inputs.__provider);
        expect(text.length).to.be.below(4096);
        expect(text).to.contain('require("pulumi-dcs-jobs/runtime")');
        expect(text).not.to.match(/node-fetch|createHmac|DcsClient/);
    });
});
