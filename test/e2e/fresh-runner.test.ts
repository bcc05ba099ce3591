/**
 * End to end, across machines: `pulumi up` of one MasterStandbySwap is SIGKILLed on "runner A"
 * while it waits for the job, together with every process it started (the machine is gone), and
 * the stack is recovered the documented way (cancel, refresh --clear-pending-creates, up) on
 * "runner B": a fresh PULUMI_HOME and an empty resume journal, the same file backend and the same
 * DCS. Runner B has no local trace of the swap; only Pulumi state (the `<name>-intent`
 * OperationIntent: intent id and baseline task ids) and DCS's task list can tell it the swap was
 * sent. It must adopt that swap, never send a second one.
 *
 * The simulator runs with its default (strict) task listing: oldest first, `start_time` ignored,
 * new tasks listed only after a second.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Counters, InstanceScenario, JobView, RunningSimulator, startSimulator } from "../../simulator";
import { preparePackedProject } from "../support/packed-project";
import { CliResult, Deployment, PulumiCli, assertCliInstalled, killMachine, resource, until } from "./cli";
import { initStack, writeProgram } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";

/** "master/standby swap accepted on instance <id>: job <jobId>" (lifecycle.ts, async API). */
const ACCEPTED = /swap accepted on instance \S+: job (\w+)/;
/** The lifecycle's line when it finds its own swap among the background tasks (`adopt` in lifecycle.ts). */
const ADOPTED = /master\/standby swap: found it as background task (\S+) \(job (\w+)\), (\w+); adopting it instead of sending again/;
const NAME = "interrupted";

describe("e2e: a swap killed on runner A is recovered on runner B (fresh PULUMI_HOME, empty journal, same backend)", function () {
    this.timeout(150_000);

    let sim: RunningSimulator;
    let projectDir: string;
    let runnerA: PulumiCli;
    const runnersB: PulumiCli[] = [];
    const workDirs: string[] = [];

    before(async function () {
        this.timeout(240_000);
        await assertCliInstalled();
        const project = await preparePackedProject();
        projectDir = project.dir;
        writeProgram(projectDir);
        runnerA = new PulumiCli({ cwd: projectDir, workDir: tempDir("a") });
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300 } });
        const b = sim.behaviour();
        console.log(`      simulator task listing: ${b.taskSortOrder}, start_time honoured: ${b.honourTaskStartTime}, listed after ${b.taskAppearDelayMs} ms`);
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (runnerA) console.log(`\nrunner A:\n${runnerA.summary()}`);
        for (const [i, b] of runnersB.entries()) console.log(`runner B (${i + 1}):\n${b.summary()}`);
        if (process.env.KEEP_E2E_DIR === "1") console.log(`KEEP_E2E_DIR=1: leaving ${workDirs.join(", ")}`);
        else for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
    });

    // ---- helpers ------------------------------------------------------------------------------

    function tempDir(runner: string): string {
        const dir = mkdtempSync(join(tmpdir(), `dcs-jobs-e2e-runner-${runner}-`));
        workDirs.push(dir);
        return dir;
    }

    /** Another machine: its own PULUMI_HOME and journal, runner A's backend (state dir). */
    function newRunnerB(): PulumiCli {
        const b = new PulumiCli({ cwd: projectDir, workDir: tempDir("b"), stateDir: runnerA.stateDir });
        runnersB.push(b);
        expect(b.homeDir).to.not.equal(runnerA.homeDir);
        expect(b.journalDir).to.not.equal(runnerA.journalDir);
        expect(readdirSync(b.homeDir), "runner B's PULUMI_HOME starts empty").to.deep.equal([]);
        expect(existsSync(b.journalDir) ? readdirSync(b.journalDir) : [], "runner B's journal starts empty").to.deep.equal([]);
        return b;
    }

    function instance(scenario: Partial<InstanceScenario>): string {
        const id = randomUUID();
        sim.setInstance(id, scenario);
        return id;
    }

    const swapsOn = (id: string) => sim.counters().perInstance[id]?.swaps ?? 0;
    const jobsOn = (id: string): JobView[] => sim.jobs().filter((j) => j.instanceId === id);
    const pending = (deployment: Deployment) => (deployment.pending_operations ?? []).map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

    const delta = (before: Counters, after: Counters = sim.counters()) => requestDelta(before, after);

    /**
     * The whole scenario. `jobEndsFirst`: wait until DCS says the job is SUCCESS before runner B
     * starts; otherwise runner B must adopt it while it still runs.
     */
    async function killOnARecoverOnB(stack: string, jobDurationMs: number, jobEndsFirst: boolean): Promise<void> {
        const t0 = Date.now();
        const totalSwapsBefore = sim.counters().effects.swaps;
        const id = instance({ jobDurationMs });
        await initStack(runnerA, sim, stack, { swaps: [{ name: NAME, instanceId: id }] });

        // ---- runner A: up, killed (with its machine) once DCS accepted the swap
        const up = runnerA.spawnUp(stack);
        let jobId: string;
        try {
            jobId = (await up.waitFor(ACCEPTED))[1];
            await killMachine(up);
        } finally {
            if (up.child.exitCode === null && up.child.signalCode === null) up.child.kill("SIGKILL");
        }
        const killedAt = Date.now();
        expect(swapsOn(id), "swaps accepted when runner A died").to.equal(1);
        const job = jobsOn(id).find((j) => j.jobId === jobId);
        expect(job, `DCS has job ${jobId}`).to.not.equal(undefined);
        // Runner A had the fast path; runner B will not.
        expect(
            runnerA.journal().map((e) => e.jobId),
            "runner A's journal holds the accepted job (the fast path runner B lacks)",
        ).to.include(jobId);

        const quiet = sim.counters();
        await new Promise((r) => setTimeout(r, 1500));
        expect(delta(quiet), "requests reaching DCS after runner A's machine is gone").to.deep.equal({});

        if (jobEndsFirst) {
            await until(`job ${jobId} SUCCESS on the simulator`, () => jobsOn(id).find((j) => j.jobId === jobId)?.status === "SUCCESS", jobDurationMs + 10_000);
            expect(sim.instance(id)?.swapCount, "swapCount once the job ended").to.equal(1);
        } else {
            expect(["INIT", "RUNNING"], "job status when runner B starts").to.include(jobsOn(id).find((j) => j.jobId === jobId)?.status);
        }
        console.log(
            `      runner A killed ${seconds(killedAt - t0)} after start; job ${jobId} (${jobDurationMs / 1000} s) ${jobsOn(id)[0].status} when runner B starts`,
        );

        // ---- runner B: the documented recovery, from another machine
        const b = newRunnerB();
        const before = sim.counters();
        const cancel = await b.run(["cancel", "--yes", "--non-interactive", "-s", stack]);
        expect(cancel.output).to.match(/has been canceled/);
        let { deployment } = await b.exportStack(stack);
        expect(pending(deployment), "pending operations runner B finds").to.deep.equal([`creating ${NAME}`]);
        const intent = resource(deployment, `${NAME}-intent`);
        expect(intent?.type).to.equal("pulumi-nodejs:dynamic/dcs:OperationIntent");
        const intentId = intent?.outputs?.intentId as string;
        expect(intentId, "the intent runner A recorded in state").to.be.a("string").and.not.equal("");
        expect(intent?.outputs?.baselineTaskIds ?? [], "baseline: the instance had no swap task before").to.deep.equal([]);
        expect(resource(deployment, NAME), "the swap itself is not in state, only pending").to.equal(undefined);

        await b.refresh(stack, ["--clear-pending-creates"]);
        ({ deployment } = await b.exportStack(stack));
        expect(pending(deployment), "pending operations after refresh --clear-pending-creates").to.deep.equal([]);

        const upStartedAt = Date.now();
        if (!jobEndsFirst) expect(job!.endsAt, "the job is still running when runner B's `pulumi up` starts").to.be.above(upStartedAt);
        const again: CliResult = await b.up(stack);
        const d = delta(before);
        console.log(
            `      runner B: recovery ${seconds(Date.now() - killedAt)} after the kill (up ${seconds(again.durationMs)}); requests ${JSON.stringify(d)}`,
        );

        // ---- one swap, the same job, adopted
        expect(swapsOn(id), "swaps accepted on the instance in total").to.equal(1);
        expect(sim.counters().effects.swaps - totalSwapsBefore, "swaps accepted on the simulator during this test").to.equal(1);
        expect(sim.instance(id)?.swapCount, "instance swapCount").to.equal(1);
        expect(
            jobsOn(id).map((j) => j.jobId),
            "the jobs DCS has for the instance",
        ).to.deep.equal([jobId]);
        expect(writeCalls(d), "write calls of runner B's recovery").to.deep.equal(NO_WRITES);
        expect(d.listTasks ?? 0, "runner B identified the swap through the task list").to.be.above(0);
        expect(again.output, "runner B sent nothing").to.not.match(ACCEPTED);

        const adopted = again.output.match(ADOPTED);
        expect(adopted, `runner B's adoption line in:\n${again.output}`).to.not.equal(null);
        console.log(`      runner B: "${adopted![0]}"`);
        const [, taskId, adoptedJob, taskStatus] = adopted!;
        expect(adoptedJob, "the adopted job").to.equal(jobId);
        expect(taskId, "the adopted task").to.equal(job!.taskId);
        if (jobEndsFirst) expect(taskStatus, "task status when adopted").to.equal("SUCCESS");
        else expect(taskStatus, "task status when adopted").to.not.be.oneOf(["SUCCESS", "FAILED"]);

        const { swaps } = await b.outputs(stack);
        expect(swaps[NAME]).to.include({ jobId, status: "SUCCESS" });
        ({ deployment } = await b.exportStack(stack));
        expect(pending(deployment), "pending operations at the end").to.deep.equal([]);
        const swap = resource(deployment, NAME);
        expect(swap?.outputs).to.include({ jobId, taskId, status: "SUCCESS", __intentId: intentId });
        expect(swap?.initErrors ?? []).to.deep.equal([]);
        expect(resource(deployment, `${NAME}-intent`)?.outputs?.intentId, "intent kept").to.equal(intentId);
        expect(
            b.journal().map((e) => e.file),
            "runner B's journal once state holds the result",
        ).to.deep.equal([]);

        // ---- runner A comes back with its stale journal entry: nothing to do
        const back = sim.counters();
        const noop = await runnerA.up(stack);
        expect(noop.output).to.not.match(/MasterStandbySwap \S+ (creat|updat|replac)/);
        expect(writeCalls(delta(back)), "write calls when runner A comes back").to.deep.equal(NO_WRITES);
        expect(swapsOn(id)).to.equal(1);
    }

    it("a. the job still runs when runner B recovers (25 s job): runner B adopts the SAME job; one swap; SUCCESS; nothing pending", async () => {
        await killOnARecoverOnB("fresh-running", 25_000, false);
    });

    it("b. the job ended before runner B recovers (3 s job): runner B adopts the SAME finished job; one swap; SUCCESS; nothing pending", async () => {
        await killOnARecoverOnB("fresh-ended", 3000, true);
    });
});
