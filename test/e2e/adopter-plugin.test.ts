/**
 * An adopter's first run in another language, through the real Pulumi CLI against the simulator: a
 * brand-new YAML project and a brand-new Python project, outside this repository, install the `dcs`
 * provider plugin and swap one instance, as the README's "Other languages" section says:
 *
 * - the plugin from its release tarball (scripts/plugin-release.sh, standing in for the published
 *   release): `pulumi plugin install resource dcs <version> --file <tarball>`;
 * - YAML needs no SDK; Python installs the SDK from the git repository,
 *   `pulumi_dcs @ git+file://localhost<clean clone>@<HEAD>#subdirectory=sdk/python` (pip clones it).
 *
 * Then preview (no write; the only warning is the test language host's "from $PATH"), `up` (one
 * swap) and the drift gate `pulumi preview --expect-no-changes`.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RunningSimulator, startSimulator } from "../../simulator";
import { REPO_ROOT, run } from "../support/packed-project";
import { preparePluginRelease } from "../support/plugin-release";
import { ensureVenv, pipInstallInto } from "../support/python-venv";
import { yamlLanguageHostDir } from "../support/yaml-host";
import { PulumiCli, assertCliInstalled, timed } from "./cli";
import { POLL, simulatorConfig } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";

const STACK = "dev";
const SCENARIO = { jobInitMs: 300, jobDurationMs: 1500 };
/** The Python SDK's pins, as in the plugin suite (a cached venv: pip installing `pulumi` afresh takes minutes). */
const REQUIREMENTS = join(REPO_ROOT, "test", "system", "plugin-schema", "requirements.txt");

const YAML_PROGRAM = `name: dcs-adopter-yaml
description: A DCS switchover
runtime: yaml
config:
  instanceId:
    type: string
resources:
  switchover:
    type: dcs:MasterStandbySwap
    properties:
      instanceId: \${instanceId}
      triggers: [CHG-1234]
      timeout: 60s
      pollPolicy: ${JSON.stringify(POLL)}
outputs:
  jobId: \${switchover.jobId}
  status: \${switchover.status}
`;

const PYTHON_PROGRAM = `import pulumi
import pulumi_dcs as dcs

config = pulumi.Config()
switchover = dcs.MasterStandbySwap(
    "switchover",
    instance_id=config.require("instanceId"),
    triggers=["CHG-1234"],
    timeout="60s",
    poll_policy=dcs.PollPolicyArgs(first_delay_ms=${POLL.firstDelayMs}, min_delay_ms=${POLL.minDelayMs}, max_delay_ms=${POLL.maxDelayMs}),
)
pulumi.export("jobId", switchover.job_id)
pulumi.export("status", switchover.status)
`;

/** Warnings a real Pulumi install would not print: our test language hosts come from PATH. */
const TOOLING_WARNING = /warning: using pulumi-language-\w+ from \$PATH/;

describe("adopter: new YAML and Python projects install the dcs plugin and swap once", function () {
    this.timeout(300_000);
    let sim: RunningSimulator;
    let base: string;
    let clone: string;
    let head: string;
    let release: string;

    before(async function () {
        this.timeout(600_000);
        await assertCliInstalled();
        base = mkdtempSync(join(tmpdir(), "dcs-jobs-adopter-plugin-"));
        head = (await run("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT })).stdout.trim();
        clone = join(base, "pulumi-dcs-jobs");
        await run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone], { cwd: base });
        await run("git", ["checkout", "--quiet", "--detach", head], { cwd: clone });
        release = await preparePluginRelease();
        sim = await startSimulator({ port: 0 });
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (base && process.env.KEEP_E2E_DIR !== "1") rmSync(base, { recursive: true, force: true });
    });

    /** Installs the plugin, then preview (no write), up (one swap), and the drift gate. */
    async function installPreviewUpGate(dir: string, label: string, env: Record<string, string> = {}): Promise<void> {
        const id = randomUUID();
        sim.setInstance(id, SCENARIO);
        const cli = new PulumiCli({ cwd: dir, workDir: join(base, `${label}-work`) });
        Object.assign(cli.env, env);
        await cli.installPlugin(release);
        const { secretKey } = sim.credentials;
        const { plain, secrets } = simulatorConfig(sim);
        await cli.stackInit(STACK, { ...plain, instanceId: id }, secrets);
        expect(readFileSync(join(dir, `Pulumi.${STACK}.yaml`), "utf8"), "the secret key is stored encrypted").not.to.include(secretKey);

        let before = sim.counters();
        const preview = timed(`${label}: pulumi preview`, await cli.preview(STACK));
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls of the first preview").to.deep.equal(NO_WRITES);
        expect(preview.output).to.match(/\+\s+dcs:index:MasterStandbySwap\s+switchover\s+create/);
        const warnings = preview.output.split("\n").filter((line) => /warning:/.test(line) && !TOOLING_WARNING.test(line));
        expect(warnings, "warnings of the first preview").to.deep.equal([]);

        before = sim.counters();
        timed(`${label}: pulumi up`, await cli.up(STACK));
        expect(sim.instance(id)!.swapCount, "swaps of the instance").to.equal(1);
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls of up").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect(await cli.outputs(STACK)).to.include({ status: "SUCCESS" });

        const gate = timed(`${label}: pulumi preview --expect-no-changes`, await cli.preview(STACK, ["--expect-no-changes"]));
        expect(gate.code).to.equal(0);
        expect(sim.instance(id)!.swapCount, "swaps after the gate").to.equal(1);
        for (const result of cli.history) expect(result.output, `pulumi ${result.args[0]} output`).not.to.include(secretKey);
        console.log(cli.summary().replace(/^/gm, "      "));
    }

    it("YAML: no SDK, the plugin from its release tarball", async () => {
        const dir = join(base, "yaml");
        mkdirSync(dir);
        writeFileSync(join(dir, "Pulumi.yaml"), YAML_PROGRAM);
        await installPreviewUpGate(dir, "yaml", { PATH: `${await yamlLanguageHostDir()}:${process.env.PATH}` });
    });

    it("Python: the SDK from the git repository (subdirectory sdk/python), the plugin from its release tarball", async () => {
        const dir = join(base, "python");
        mkdirSync(dir);
        const venv = await ensureVenv({ requirements: REQUIREMENTS, modules: ["pulumi", "semver", "setuptools"] });
        // `file://localhost/…`: pip 23's URL check wants a host in a `git+` URL (a GitHub URL has one).
        const requirement = `pulumi_dcs @ git+file://localhost${clone}@${head}#subdirectory=sdk/python`;
        writeFileSync(join(dir, "requirements.txt"), `${requirement}\n`);
        const site = join(dir, "site-packages");
        const started = Date.now();
        await pipInstallInto(venv, site, ["-r", "requirements.txt"], dir);
        console.log(`      pip install ${requirement.replace(base, "<tmp>")}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        writeFileSync(join(dir, "__main__.py"), PYTHON_PROGRAM);
        writeFileSync(join(dir, "Pulumi.yaml"), `name: dcs-adopter-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${venv.dir}\n`);
        await installPreviewUpGate(dir, "python", { PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" });
    });
});
