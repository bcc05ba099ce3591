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
        // Bookkeeping the class sets goes under a `__` name, which Pulumi never shows in a diff.
        expect(inputs).to.include({ instanceId: id, timeout: "45m", __owner: "proj/dev/wired" });
        expect(inputs).not.to.have.property("owner");
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
        expect(intent.__owner).to.equal("proj/dev/connected-intent");
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

    /** What the constructor threw, and whether Pulumi prints it as one line (a `RunError`: no stack). */
    function thrownBy(construct: () => unknown): { message: string; oneLine: boolean; field?: string } {
        try {
            construct();
        } catch (error) {
            const e = error as Error & { field?: string };
            return { message: e.message, oneLine: pulumi.RunError.isInstance(e), field: e.field };
        }
        throw new Error("the constructor did not throw");
    }

    it("bad arguments end the program with one line naming the declared resource and the property, before anything registers", () => {
        const before = registered.length;
        const timeout = thrownBy(() => new resources.MasterStandbySwap("late", { instanceId: randomUUID(), timeout: "5 minutes" }));
        expect(timeout).to.include({ oneLine: true, field: "timeout" });
        expect(timeout.message).to.match(/^MasterStandbySwap "late": timeout: must be a duration/);
        const typo = thrownBy(() => new resources.MasterStandbySwap("typo", { instanceId: randomUUID(), trigers: "CHG-1" } as never));
        expect(typo.message).to.equal('MasterStandbySwap "typo": trigers: is not an input of MasterStandbySwap');
        const fleet = thrownBy(() => new resources.RollingSwap("fleet", { instanceIds: [randomUUID()], maxParallel: 0 }));
        expect(fleet).to.include({ oneLine: true, field: "maxParallel" });
        expect(fleet.message).to.match(/^RollingSwap "fleet": maxParallel: /);
        const passedOn = thrownBy(() => new resources.RollingSwap("fleet2", { instanceIds: [randomUUID()], timeout: "soon" }));
        expect(passedOn.message, "an argument the swaps take is reported on the RollingSwap").to.match(/^RollingSwap "fleet2": timeout: /);
        const job = thrownBy(() => new resources.DcsJob("job", { method: "GET" as never, path: "/v2/{project_id}/instances/x/ssl" }));
        expect(job.message).to.match(/^DcsJob "job": method: must be one of PUT, POST, DELETE, PATCH/);
        expect(registered.length, "nothing registered (no -intent either)").to.equal(before);
    });

    it("an Output argument is left to the provider's check (it is not known in the program)", async () => {
        const swap = new resources.MasterStandbySwap("later", { instanceId: randomUUID(), timeout: pulumi.output("5 minutes") });
        await output(swap.urn);
        expect(find("later").inputs.timeout).to.equal("5 minutes");
    });

    it("`import` is refused at construction with the way that works: dynamic providers cannot import", () => {
        const swap = thrownBy(() => new resources.MasterStandbySwap("imported", { instanceId: randomUUID() }, { import: "some-job-id" }));
        expect(swap).to.include({ oneLine: true, field: "import" });
        expect(swap.message).to.contain('MasterStandbySwap "imported": import: dynamic providers cannot import').and.contain("adoptSwap");
        const cip = thrownBy(() => new resources.ClientIpPassthrough("cip-imported", { instanceId: randomUUID(), enabled: true }, { import: "x" }));
        expect(cip.message).to.match(/^ClientIpPassthrough "cip-imported": import: dynamic providers cannot import/);
    });

    it("serializes a thin shim: small, requiring the runtime, holding no dependency code", async () => {
        const swap = new resources.MasterStandbySwap("shim", { instanceId: randomUUID() });
        await output(swap.urn);
        const text = String(find("shim").inputs.__provider);
        expect(text.length).to.be.below(4096);
        expect(text).to.contain('require("pulumi-dcs-jobs/runtime")');
        expect(text).not.to.match(/node-fetch|createHmac|DcsClient/);
    });

    describe("RollingSwap", () => {
        const ids = [randomUUID(), randomUUID(), randomUUID()];

        it("registers the fleet preflight, one swap per instance in the given order, and the result, all as its children", async () => {
            const fleet = new resources.RollingSwap("az1", {
                instanceIds: ids,
                order: [ids[2], ids[0], ids[1]],
                maxParallel: 2,
                triggers: "t1",
                instanceTriggers: { [ids[1]]: "t2" },
            });
            expect(fleet.plan).to.deep.equal([ids[2], ids[0], ids[1]]);
            expect(fleet.swaps).to.have.length(3);
            await output(fleet.result.urn);
            expect(find("az1-preflight").type).to.equal("pulumi-nodejs:dynamic/dcs:FleetPreflight");
            expect(find("az1-preflight").inputs.instanceIds).to.deep.equal([ids[2], ids[0], ids[1]]);
            const swap = find(`az1-${ids[1]}`).inputs;
            // Checked as a fleet, so not one by one; the per-instance trigger wins; the stop rule travels with the swap and its intent.
            expect(swap).to.include({ instanceId: ids[1], triggers: "t2", preflight: true });
            // The stop rule's key is this rolling swap's own: drawn per RollingSwap, shared by its swaps and their intents.
            expect(swap.__fleet).to.include({ name: "proj/dev/az1", continueOnFailure: false });
            expect(swap.__fleet.key).to.match(/^[0-9a-f]{16}$/);
            expect(find(`az1-${ids[1]}-intent`).inputs.__fleet).to.deep.equal(swap.__fleet);
            expect(find(`az1-${ids[0]}`).inputs.__fleet).to.deep.equal(swap.__fleet);
            expect(find(`az1-${ids[0]}`).inputs.triggers).to.equal("t1");
            expect(find("az1-result").inputs.outcomes.map((o: { instanceId: string }) => o.instanceId)).to.deep.equal([ids[2], ids[0], ids[1]]);
            expect(await output(fleet.swapped)).to.deep.equal([ids[2], ids[0], ids[1]]);
            expect(await output(fleet.failed)).to.deep.equal([]);
            expect(await output(fleet.notStarted)).to.deep.equal([]);
        });

        it("two rolling swaps of one name under different parents get separate stop rules", async () => {
            const [a, b] = ["team-a", "team-b"].map((p) => new pulumi.ComponentResource("test:index:Team", p));
            const id = randomUUID();
            const first = new resources.RollingSwap("same", { instanceIds: [id], preflight: false }, { parent: a });
            const second = new resources.RollingSwap("same", { instanceIds: [id], preflight: false }, { parent: b });
            await Promise.all([output(first.result.urn), output(second.result.urn)]);
            const fleets = registered.filter((r) => r.name === `same-${id}`).map((r) => r.inputs.__fleet);
            expect(fleets).to.have.length(2);
            expect(fleets[0].name).to.equal(fleets[1].name);
            expect(fleets[0].key, "the stop rule's key").to.not.equal(fleets[1].key);
        });

        it("a plain MasterStandbySwap carries no fleet membership", async () => {
            const swap = new resources.MasterStandbySwap("alone", { instanceId: ids[0] });
            await output(swap.urn);
            for (const name of ["alone", "alone-intent"]) {
                expect(find(name).inputs).not.to.have.property("fleet");
                expect(find(name).inputs).not.to.have.property("__fleet");
            }
        });

        it("preflight: false registers no fleet preflight", async () => {
            const fleet = new resources.RollingSwap("unchecked", { instanceIds: [ids[0]], preflight: false });
            await output(fleet.result.urn);
            expect(registered.some((r) => r.name === "unchecked-preflight")).to.equal(false);
            expect(find(`unchecked-${ids[0]}`).inputs.preflight).to.equal(false);
        });

        it("rejects bad arguments before registering anything, naming the argument", () => {
            const before = registered.length;
            const bad: [Record<string, unknown>, string, RegExp][] = [
                [{ instanceIds: [] }, "instanceIds", /non-empty list/],
                [{ instanceIds: [ids[0], ids[0]] }, "instanceIds", /twice/],
                [{ instanceIds: ["nope"] }, "instanceIds", /\[0\]/],
                [{ instanceIds: ids, order: [ids[0], ids[1]] }, "order", new RegExp(`lacks ${ids[2]}`)],
                [{ instanceIds: ids, order: [...ids.slice(0, 2), randomUUID()] }, "order", /not in instanceIds/],
                [{ instanceIds: ids, maxParallel: 0 }, "maxParallel", /1 to 50/],
                [{ instanceIds: ids, maxParallel: 1.5 }, "maxParallel", /whole number/],
                [{ instanceIds: ids, continueOnFailure: "yes" }, "continueOnFailure", /boolean/],
                [{ instanceIds: ids, instanceTriggers: { [randomUUID()]: 1 } }, "instanceTriggers.", /not in instanceIds/],
            ];
            for (const [args, field, message] of bad) {
                let error: unknown;
                try {
                    new resources.RollingSwap("bad", args as never);
                } catch (e) {
                    error = e;
                }
                expect(error, JSON.stringify(args)).to.be.instanceOf(Error);
                expect((error as { field?: string }).field, JSON.stringify(args)).to.match(new RegExp(`^${field.replace(".", "\\.")}`));
                expect((error as Error).message).to.match(message);
            }
            expect(registered.length).to.equal(before);
        });
    });
});
