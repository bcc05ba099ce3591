/**
 * The cases a program in another Pulumi language must pass with the `dcs` provider plugin, through
 * the real CLI against the simulator: one suite, run per language by the files beside it (YAML,
 * Python, Go). The plugin is installed as a user installs it: `pulumi plugin install resource dcs
 * <version> --file <release tarball>` (scripts/plugin-release.sh), on every runner.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { InstanceScenario, JobView, RunningSimulator, startSimulator } from "../../../simulator";
import { PackedProject, preparePackedProject } from "../../support/packed-project";
import { preparePluginRelease } from "../../support/plugin-release";
import { Deployment, PulumiCli, assertCliInstalled, killMachine, until } from "../cli";
import { simulatorConfig } from "../program";
import { NO_WRITES, requestDelta, writeCalls } from "../requests";

/** The poll policy every program sets: quick looks against the simulator's short jobs. */
export const POLL = { firstDelayMs: 200, minDelayMs: 200, maxDelayMs: 400 };

/** The four cases of issue 22; Go runs the first two. */
export type PluginCase = "swap" | "fail" | "triggers" | "sigkill";

/** One language's program and the tools it needs. */
export interface PluginLanguage {
    /** In test titles: "YAML", "Python", "Go". */
    name: string;
    cases: readonly PluginCase[];
    /** How long the one-time setup may take (building a language host, a virtualenv, an SDK). */
    setupTimeoutMs: number;
    /**
     * Writes the program into `dir`; returns what its runner's environment needs (the language host's directory first on PATH, …).
     * The program: one `dcs:index:MasterStandbySwap` named `swap`, `instanceId` and `triggers: { ticket }`
     * from the project config keys `instanceId` and `ticket`, `timeout: "60s"`, `pollPolicy: POLL`;
     * outputs `jobId`, `status` and `apiUsed`.
     */
    prepare(dir: string, project: PackedProject): Promise<ProgramEnv>;
}

/** What a program's runner needs beyond the CLI. */
export interface ProgramEnv {
    /** Put first on PATH. */
    path?: string[];
    /** Added to the environment. */
    env?: Record<string, string>;
}

const SWAP_TYPE = "dcs:index:MasterStandbySwap";
const PART_TYPE = "dcs:parts:MasterStandbySwap";
const INTENT_TYPE = "dcs:parts:OperationIntent";

export function describePluginLanguage(language: PluginLanguage): void {
    describe(`e2e: a ${language.name} program swaps through the dcs provider plugin and the real CLI`, function () {
        this.timeout(180_000);
        let sim: RunningSimulator;
        let cli: PulumiCli;
        let programDir: string;
        let release: string;
        let programEnv: ProgramEnv;
        const workDirs: string[] = [];
        const tempDir = (label: string) => {
            const dir = mkdtempSync(join(tmpdir(), `dcs-jobs-e2e-${language.name.toLowerCase()}-${label}-`));
            workDirs.push(dir);
            return dir;
        };

        before(async function () {
            this.timeout(language.setupTimeoutMs);
            await assertCliInstalled();
            const project = await preparePackedProject();
            const workDir = tempDir("a");
            programDir = join(workDir, "program");
            mkdirSync(programDir);
            programEnv = await language.prepare(programDir, project);
            release = await preparePluginRelease();
            sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 } });
            cli = new PulumiCli({ cwd: programDir, workDir });
            Object.assign(cli.env, programEnv.env, { PATH: [...(programEnv.path ?? []), cli.env.PATH].join(":") });
            await cli.installPlugin(release);
        });

        after(async function () {
            this.timeout(30_000);
            await sim?.stop();
            if (cli) console.log(`\n${cli.summary()}`);
            if (process.env.KEEP_E2E_DIR !== "1") for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
        });

        function instance(scenario: Partial<InstanceScenario> = {}): string {
            const id = randomUUID();
            sim.setInstance(id, scenario);
            return id;
        }
        const swapsOn = (id: string) => sim.counters().perInstance[id]?.swaps ?? 0;
        const jobsOn = (id: string): JobView[] => sim.jobs().filter((j) => j.instanceId === id);
        const parts = (deployment: Deployment, type: string) => (deployment.resources ?? []).filter((r) => r.type === type);

        /** A stack of the program: the provider's `dcs:*` config (the secret key a secret), and the swap's instance and ticket. */
        async function stack(name: string, instanceId: string, ticket = "CHG-1"): Promise<void> {
            const { plain, secrets } = simulatorConfig(sim);
            await cli.stackInit(name, { ...plain, instanceId, ticket }, secrets);
        }

        const cases: Record<PluginCase, () => void> = {
            swap: () =>
                it("preview writes nothing; `up` swaps once, its intent in state first; the drift gate passes; no secret in state", async () => {
                    const id = instance();
                    await stack("swap", id);
                    const before = sim.counters();
                    const preview = await cli.preview("swap");
                    expect(preview.output).to.match(/\+\s+dcs:index:MasterStandbySwap\s+swap\s+create/);
                    expect(writeCalls(requestDelta(before, sim.counters())), "write calls during preview").to.deep.equal(NO_WRITES);
                    expect(preview.output, "the installed plugin, not one found on PATH").to.not.contain("pulumi-resource-dcs from $PATH");

                    await cli.up("swap");
                    const outputs = await cli.outputs("swap");
                    expect(outputs).to.include({ status: "SUCCESS", apiUsed: "async" });
                    expect(jobsOn(id).map((j) => j.jobId)).to.deep.equal([outputs.jobId]);
                    expect(swapsOn(id)).to.equal(1);

                    const { text, deployment } = await cli.exportStack("swap");
                    const [intent] = parts(deployment, INTENT_TYPE);
                    const [swap] = parts(deployment, PART_TYPE);
                    expect(parts(deployment, SWAP_TYPE), "the component").to.have.length(1);
                    expect(intent?.outputs?.intentId, "the intent").to.be.a("string");
                    expect(swap?.outputs, "the swap, tied to its intent").to.include({ __intentId: intent!.outputs!.intentId, status: "SUCCESS" });
                    expect(text).to.not.contain(sim.credentials.secretKey);

                    const gate = await cli.preview("swap", ["--expect-no-changes"]);
                    expect(gate.code, gate.output).to.equal(0);
                    expect(swapsOn(id), "nothing sent by the gate").to.equal(1);
                }),

            fail: () =>
                it("a FAIL job fails `up` with the fail_reason, and state keeps the job", async () => {
                    const reason = "standby node not in sync; switchover refused";
                    const id = instance({ failReason: reason });
                    await stack("fail", id);
                    const up = await cli.up("fail", "fail");
                    expect(up.output).to.contain(reason);
                    expect(swapsOn(id)).to.equal(1);
                    const [swap] = parts((await cli.exportStack("fail")).deployment, PART_TYPE);
                    expect(swap?.outputs?.status, "partial state: the failed job is recorded").to.equal("FAIL");
                }),

            triggers: () =>
                it("a new `triggers` value swaps exactly once more; an unchanged program swaps no more", async () => {
                    const id = instance();
                    await stack("again", id, "CHG-1");
                    await cli.up("again");
                    expect(swapsOn(id)).to.equal(1);
                    await cli.setConfig("again", { ticket: "CHG-2" });
                    await cli.up("again");
                    expect(swapsOn(id), "one more swap").to.equal(2);
                    expect((await cli.outputs("again")).jobId).to.equal(jobsOn(id)[1].jobId);
                    await cli.up("again");
                    expect(swapsOn(id), "an unchanged program swaps no more").to.equal(2);
                }),

            sigkill: () =>
                it("`up` SIGKILLed while DCS runs the swap; a fresh runner on the same backend adopts it: one switchover", async () => {
                    const id = instance({ jobDurationMs: 8000 });
                    await stack("killed", id);
                    const up = cli.spawnUp("killed");
                    try {
                        await until("DCS accepted the swap", () => jobsOn(id).length === 1, 60_000);
                        await killMachine(up, /plugin\/main\.js/);
                    } finally {
                        if (up.child.exitCode === null && up.child.signalCode === null) up.child.kill("SIGKILL");
                    }
                    const [job] = jobsOn(id);
                    expect(["INIT", "RUNNING"], "the job still runs when the fresh runner starts").to.include(job.status);

                    // Another machine: its own PULUMI_HOME and journal, the same backend and tools.
                    const b = new PulumiCli({ cwd: programDir, workDir: tempDir("b"), stateDir: cli.stateDir });
                    Object.assign(b.env, programEnv.env, { PATH: cli.env.PATH });
                    await b.installPlugin(release);
                    const before = sim.counters();
                    await b.run(["cancel", "--yes", "--non-interactive", "-s", "killed"]);
                    let { deployment } = await b.exportStack("killed");
                    expect(parts(deployment, INTENT_TYPE), "the intent runner A recorded").to.have.length(1);
                    expect(parts(deployment, PART_TYPE), "the swap itself: pending only").to.have.length(0);
                    await b.refresh("killed", ["--clear-pending-creates"]);
                    await b.up("killed");

                    expect(swapsOn(id), "switchovers in total").to.equal(1);
                    expect(writeCalls(requestDelta(before, sim.counters())), "write calls of the fresh runner").to.deep.equal(NO_WRITES);
                    expect(await b.outputs("killed")).to.include({ jobId: job.jobId, status: "SUCCESS" });
                    ({ deployment } = await b.exportStack("killed"));
                    expect(deployment.pending_operations ?? []).to.deep.equal([]);
                }),
        };
        for (const name of language.cases) cases[name]();
    });
}
