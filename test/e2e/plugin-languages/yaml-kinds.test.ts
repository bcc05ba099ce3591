/**
 * A Pulumi YAML program through the real CLI and the `dcs` provider plugin, installed from its release
 * tarball (scripts/plugin-release.sh) as users install it, against the simulator. The YAML language host is built from Go modules (scripts/install-pulumi-yaml.sh).
 * This file covers `ClientIpPassthrough` (a custom resource) and `DcsJob` (a component); the swap's
 * cases are in yaml.test.ts.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RunningSimulator, startSimulator } from "../../../simulator";
import { preparePluginRelease } from "../../support/plugin-release";
import { yamlLanguageHostDir } from "../../support/yaml-host";
import { PulumiCli, assertCliInstalled, resource } from "../cli";
import { simulatorConfig } from "../program";
import { NO_WRITES, requestDelta, writeCalls } from "../requests";
import { POLL } from "./suite";

/** A YAML program of one resource of `type` named `cip`, its properties as given; `outputs` of it exported. */
function yamlProgram(properties: Record<string, unknown>, type = "dcs:ClientIpPassthrough", outputs = ["status", "jobId", "enabled"]): string {
    const props = Object.entries({ ...properties, pollPolicy: POLL })
        .map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`)
        .join("\n");
    return `name: dcs-yaml
runtime: yaml
resources:
  cip:
    type: ${type}
    properties:
${props}
outputs:
${outputs.map((name) => `  ${name}: \${cip.${name}}`).join("\n")}
`;
}

describe("e2e: a Pulumi YAML program drives the dcs provider plugin through the real CLI", function () {
    this.timeout(120_000);
    let sim: RunningSimulator;
    let cli: PulumiCli;
    let programDir: string;
    let workDir: string;

    before(async function () {
        this.timeout(900_000);
        await assertCliInstalled();
        const yamlHost = await yamlLanguageHostDir();
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 } });
        workDir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-yaml-"));
        programDir = join(workDir, "program");
        mkdirSync(programDir);
        cli = new PulumiCli({ cwd: programDir, workDir });
        cli.env.PATH = `${yamlHost}:${cli.env.PATH}`;
        // The plugin as users install it: `pulumi plugin install resource dcs <version> --file <release tarball>`.
        await cli.installPlugin(await preparePluginRelease());
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (cli) console.log(`\n${cli.summary()}`);
        if (workDir && process.env.KEEP_E2E_DIR !== "1") rmSync(workDir, { recursive: true, force: true });
    });

    /** A stack of the YAML program, with the provider's config in `dcs:*` keys (the secret key a secret). */
    async function stack(name: string, properties: Record<string, unknown>, program = yamlProgram(properties)): Promise<void> {
        writeFileSync(join(programDir, "Pulumi.yaml"), program);
        const { plain, secrets } = simulatorConfig(sim);
        await cli.stackInit(name, plain, secrets);
    }
    const changesOn = (id: string) => sim.counters().perInstance[id]?.clientIpChanges ?? 0;
    function instance(scenario: Parameters<RunningSimulator["setInstance"]>[1]): string {
        const id = randomUUID();
        sim.setInstance(id, scenario);
        return id;
    }

    it("preview writes nothing; `up` sets the flag once through its job; the drift gate then passes; the secret key is nowhere in state", async () => {
        const id = instance({ transparentClientIpEnable: false });
        await stack("on", { instanceId: id, enabled: true });
        const before = sim.counters();
        const preview = await cli.preview("on");
        expect(preview.output).to.match(/\+\s+dcs:index:ClientIpPassthrough cip create/);
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls during preview").to.deep.equal(NO_WRITES);

        await cli.up("on");
        const outputs = await cli.outputs("on");
        expect(outputs).to.include({ status: "SUCCESS", enabled: true });
        expect(
            sim
                .jobs()
                .filter((j) => j.instanceId === id)
                .map((j) => j.jobId),
        ).to.deep.equal([outputs.jobId]);
        expect(changesOn(id)).to.equal(1);
        expect(sim.instance(id)?.transparentClientIpEnable).to.equal(true);

        const gate = await cli.preview("on", ["--expect-no-changes"]);
        expect(gate.code, gate.output).to.equal(0);
        expect(changesOn(id), "nothing sent by the gate").to.equal(1);
        const { text } = await cli.exportStack("on");
        expect(text).to.not.contain(sim.credentials.secretKey);
    });

    it("a FAIL job fails `up` with the fail_reason, and state keeps the job", async () => {
        const reason = "proxy restart failed on node 2; client IP pass-through not changed";
        const id = instance({ transparentClientIpEnable: false, failReason: reason });
        await stack("fail", { instanceId: id, enabled: true });
        const up = await cli.up("fail", "fail");
        expect(up.output).to.contain(reason);
        expect(changesOn(id)).to.equal(1);
        const cip = resource((await cli.exportStack("fail")).deployment, "cip");
        expect(cip?.outputs?.status, "partial state: the failed job is recorded").to.equal("FAIL");
    });

    it("changed `triggers` set the flag again, in place, with exactly one more call (DCS answers: already set)", async () => {
        const id = instance({ transparentClientIpEnable: false });
        await stack("again", { instanceId: id, enabled: true, triggers: { ticket: "CHG-1" } });
        await cli.up("again");
        expect(changesOn(id)).to.equal(1);
        const puts = () => sim.counters().requests.clientIp ?? 0;
        const before = puts();
        writeFileSync(join(programDir, "Pulumi.yaml"), yamlProgram({ instanceId: id, enabled: true, triggers: { ticket: "CHG-2" } }));
        const up = await cli.up("again");
        expect(up.output).to.match(/~\s+dcs:index:ClientIpPassthrough cip updat/);
        expect(puts() - before, "one more PUT").to.equal(1);
        const cip = resource((await cli.exportStack("again")).deployment, "cip");
        expect(cip?.outputs).to.include({ status: "SUCCESS", noChange: true });
        const noop = await cli.up("again");
        expect(noop.output).to.not.match(/dcs:index:ClientIpPassthrough cip updat/);
        expect(puts() - before, "an unchanged program calls nothing").to.equal(1);
        expect(changesOn(id)).to.equal(1);
    });

    it("a DcsJob component (SSL on) makes its call once, after its intent, and waits for the job; the drift gate passes", async () => {
        const id = instance({});
        const properties = { instanceId: id, method: "PUT", path: `/v2/{project_id}/instances/${id}/ssl`, body: { enabled: true } };
        await stack("job", properties, yamlProgram(properties, "dcs:DcsJob", ["status", "jobId", "jobType"]));
        await cli.up("job");
        expect(await cli.outputs("job")).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(sim.counters().perInstance[id]?.sslChanges).to.equal(1);
        const { deployment } = await cli.exportStack("job");
        const intent = resource(deployment, "cip-intent");
        expect(intent?.type).to.equal("dcs:parts:OperationIntent");
        expect(resource(deployment, "cip")?.type, "the component").to.equal("dcs:index:DcsJob");
        const job = (deployment.resources ?? []).find((r) => r.type === "dcs:parts:DcsJob");
        expect(job?.outputs).to.include({ __intentId: intent?.outputs?.intentId, status: "SUCCESS" });
        const gate = await cli.preview("job", ["--expect-no-changes"]);
        expect(gate.code, gate.output).to.equal(0);
        expect(sim.counters().perInstance[id]?.sslChanges, "nothing sent by the gate").to.equal(1);
    });

    it("a bad input of a component is named at preview, on the component, before anything registers or calls", async () => {
        // The schema's types are YAML's own check (an `api` outside its enum stops there); the table's rules are ours.
        const properties = { instanceId: "not-an-instance" };
        await stack("bad", properties, yamlProgram(properties, "dcs:MasterStandbySwap", ["status"]));
        const before = sim.counters();
        const preview = await cli.run(["preview", "--non-interactive", "--color", "never", "-s", "bad"], "fail");
        expect(preview.output).to.match(/MasterStandbySwap "cip": instanceId/);
        expect(requestDelta(before, sim.counters()), "calls of the preview").to.deep.equal({});
        expect(preview.output, "nothing registered under the component").to.not.match(/dcs:parts:/);
    });
});
