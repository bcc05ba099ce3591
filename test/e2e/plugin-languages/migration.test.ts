/**
 * Moving a finished swap from the TypeScript class to the `dcs` plugin, in one stack, without a
 * second switchover (docs/design/provider-plugin.md, "Moving from the TypeScript classes"): the
 * resource type changes, so the plugin's resource is a new one, and a new swap would swap again.
 *
 * 1. the TypeScript program swaps (the dynamic class);
 * 2. the swap leaves the TypeScript program: `up` deletes it from state, and a swap's delete calls nothing;
 * 3. the program, now YAML in the same project, declares the swap with `adoptSwap: <its job id>`:
 *    `up` records it (the job is listed among the instance's swap tasks), and sends nothing.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RunningSimulator, startSimulator } from "../../../simulator";
import { preparePackedProject } from "../../support/packed-project";
import { preparePluginRelease } from "../../support/plugin-release";
import { yamlLanguageHostDir } from "../../support/yaml-host";
import { PulumiCli, assertCliInstalled, resource } from "../cli";
import { PROJECT, initStack, writeProgram } from "../program";
import { NO_WRITES, requestDelta, writeCalls } from "../requests";
import { POLL } from "./suite";

/** The same project, now a YAML program: the swap, recorded from its job id. */
const YAML_PROGRAM = `name: ${PROJECT}
runtime: yaml
config:
  instanceId:
    type: string
  adoptSwap:
    type: string
resources:
  switchover:
    type: dcs:MasterStandbySwap
    properties:
      instanceId: \${instanceId}
      adoptSwap: \${adoptSwap}
      timeout: 60s
      pollPolicy: ${JSON.stringify(POLL)}
outputs:
  jobId: \${switchover.jobId}
  status: \${switchover.status}
`;

describe("e2e: a finished swap moves from the TypeScript class to the dcs plugin with no second switchover", function () {
    this.timeout(180_000);
    let sim: RunningSimulator;
    let cli: PulumiCli;
    let dir: string;
    let workDir: string;

    before(async function () {
        this.timeout(900_000);
        await assertCliInstalled();
        dir = (await preparePackedProject()).dir;
        writeProgram(dir);
        const yamlHost = await yamlLanguageHostDir();
        workDir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-migration-"));
        cli = new PulumiCli({ cwd: dir, workDir });
        cli.env.PATH = `${yamlHost}:${cli.env.PATH}`;
        await cli.installPlugin(await preparePluginRelease());
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 } });
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (cli) console.log(`\n${cli.summary()}`);
        if (workDir && process.env.KEEP_E2E_DIR !== "1") rmSync(workDir, { recursive: true, force: true });
    });

    it("the TypeScript swap is dropped (no call), then the YAML program records it with adoptSwap (no call): one switchover", async () => {
        const id = randomUUID();
        sim.setInstance(id, {});
        const swapsOn = () => sim.counters().perInstance[id]?.swaps ?? 0;
        await initStack(cli, sim, "move", { swaps: [{ name: "switchover", instanceId: id }] });
        await cli.up("move");
        const { jobId } = (await cli.outputs("move")).swaps.switchover;
        expect(swapsOn(), "the TypeScript program swapped").to.equal(1);

        // 2. Out of the TypeScript program: deleted from state with no call.
        let before = sim.counters();
        await cli.setConfig("move", { swaps: "[]" });
        const dropped = await cli.up("move");
        expect(dropped.output).to.match(/-\s+pulumi-nodejs:dynamic\/dcs:MasterStandbySwap\s+switchover\s+delet/);
        expect(requestDelta(before, sim.counters()), "calls of the delete").to.deep.equal({});

        // 3. The YAML program of the same project records it from its job id.
        writeFileSync(join(dir, "Pulumi.yaml"), YAML_PROGRAM);
        await cli.setConfig("move", { instanceId: id, adoptSwap: jobId });
        before = sim.counters();
        await cli.up("move");
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls of the adoption").to.deep.equal(NO_WRITES);
        expect(swapsOn(), "switchovers in total").to.equal(1);
        expect(await cli.outputs("move")).to.include({ jobId, status: "SUCCESS" });
        const { deployment } = await cli.exportStack("move");
        expect(resource(deployment, "switchover")?.type, "the plugin's component").to.equal("dcs:index:MasterStandbySwap");

        const gate = await cli.preview("move", ["--expect-no-changes"]);
        expect(gate.code, gate.output).to.equal(0);
        expect(swapsOn()).to.equal(1);
    });
});
