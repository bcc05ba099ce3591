/**
 * The `dcs` provider plugin (`pulumi-resource-dcs`) of the INSTALLED package, driven over gRPC the
 * way the engine drives a provider plugin, against the HTTP DCS simulator. Config arrives as the
 * engine passes it to a Node plugin: `PULUMI_CONFIG`. No Pulumi CLI needed.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { RunningSimulator, startSimulator } from "../../simulator";
import { PackedProject, REPO_ROOT, preparePackedProject } from "../support/packed-project";
import { DCS_PLUGIN, Props, ProviderHost, expectRpcError } from "./host";

const FAST_POLL = { firstDelayMs: 200, minDelayMs: 200, maxDelayMs: 300 };
const urn = (type: string, name: string) => `urn:pulumi:dev::infra::dcs:index:${type}::${name}`;

describe("the dcs provider plugin (pulumi-resource-dcs): installed tarball over gRPC", function () {
    this.timeout(30_000);
    let project: PackedProject;
    let sim: RunningSimulator;
    let plugin: ProviderHost;

    before(async function () {
        this.timeout(180_000);
        project = await preparePackedProject();
        sim = await startSimulator({ port: 0 });
        // As pulumi v3.274.1 passes it: the provider's own keys, without the `dcs:` namespace.
        const config = { accessKey: sim.credentials.accessKey, secretKey: sim.credentials.secretKey, projectId: sim.projectId, endpoint: sim.url };
        plugin = await ProviderHost.start(project.dir, { PULUMI_CONFIG: JSON.stringify(config) }, DCS_PLUGIN);
        await plugin.configure({});
    });

    after(async function () {
        this.timeout(10_000);
        await plugin?.stop();
        await sim?.stop();
    });

    function instance(scenario: Parameters<RunningSimulator["setInstance"]>[1] = {}): string {
        const id = randomUUID();
        sim.setInstance(id, scenario);
        return id;
    }
    const effects = (id: string) => sim.counters().perInstance[id] ?? { swaps: 0, clientIpChanges: 0, sslChanges: 0 };

    it("GetSchema answers with the committed schema (generated from the field tables)", async () => {
        const committed = JSON.parse(readFileSync(join(REPO_ROOT, "provider", "plugin", "schema.json"), "utf8"));
        expect(JSON.parse(await plugin.getSchema())).to.deep.equal(committed);
    });

    it("Check names a bad input and calls nothing; a good one gets the owner from the URN", async () => {
        const id = instance();
        const before = sim.counters().perInstance[id];
        const bad = await plugin.check(urn("ClientIpPassthrough", "bad"), {}, { instanceId: id, enabled: "yes" });
        expect(bad.failures.map((f) => f.property)).to.deep.equal(["enabled"]);
        expect(bad.failures[0].reason).to.contain("must be a boolean");
        expect(sim.counters().perInstance[id], "no call for bad input").to.deep.equal(before);

        const good = await plugin.check(urn("ClientIpPassthrough", "good"), {}, { instanceId: id, enabled: true, __owner: "forged" });
        expect(good.failures).to.deep.equal([]);
        expect(good.inputs.__owner, "set from the URN, not by the program").to.equal("infra/dev/good");
    });

    it("Create sets the flag through its job and waits for it: SUCCESS, one change", async () => {
        const id = instance({ jobDurationMs: 1000, transparentClientIpEnable: true });
        const { inputs } = await plugin.check(urn("ClientIpPassthrough", "cip"), {}, { instanceId: id, enabled: false, pollPolicy: FAST_POLL });
        const created = await plugin.create(urn("ClientIpPassthrough", "cip"), inputs);
        expect(created.id).to.equal(id);
        expect(created.properties).to.include({ status: "SUCCESS", enabled: false, previousEnabled: true, jobType: "modifyClientIpTransJob" });
        expect(sim.instance(id)?.transparentClientIpEnable).to.equal(false);
        expect(effects(id).clientIpChanges).to.equal(1);

        const diff = await plugin.diff(urn("ClientIpPassthrough", "cip"), created.id, created.properties, inputs);
        expect(diff.changes, "the same inputs: no change").to.equal("DIFF_NONE");
        const flipped = await plugin.diff(urn("ClientIpPassthrough", "cip"), created.id, created.properties, { ...inputs, enabled: true });
        expect(flipped).to.include({ changes: "DIFF_SOME" });
        expect(flipped.replaces, "in place").to.deep.equal([]);
    });

    it("a FAIL job fails Create with DCS's fail_reason and keeps the job as partial state", async () => {
        const id = instance({ jobDurationMs: 1000, transparentClientIpEnable: false, failReason: "proxy restart failed" });
        const { inputs } = await plugin.check(urn("ClientIpPassthrough", "cip-fail"), {}, { instanceId: id, enabled: true, pollPolicy: FAST_POLL });
        const error = await expectRpcError(plugin.create(urn("ClientIpPassthrough", "cip-fail"), inputs));
        expect(error.details).to.contain("proxy restart failed");
        expect(error.initFailed?.properties).to.include({ status: "FAIL", failReason: "proxy restart failed" });
        expect(error.initFailed?.properties.jobId).to.be.a("string");
    });

    it("a component type, asked for as a custom resource, is refused by name (it is served by construct), with nothing called", async () => {
        const id = instance();
        const error = await expectRpcError(plugin.check(urn("MasterStandbySwap", "swap"), {}, { instanceId: id } as Props));
        expect(error.details).to.contain("dcs:index:MasterStandbySwap is not a resource the dcs provider serves");
        expect(error.details).to.contain("constructs dcs:index:MasterStandbySwap, dcs:index:DcsJob");
        expect(effects(id).swaps).to.equal(0);
    });

    it("credentials from PULUMI_CONFIG reach no output, log line or error", () => {
        const everything = JSON.stringify([plugin.returnedStructs, plugin.lines]);
        expect(everything).to.not.contain(sim.credentials.secretKey);
    });
});
