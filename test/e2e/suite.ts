import { randomUUID } from "crypto";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { InstanceScenario, RunningSimulator, SimulatorOptions, startSimulator } from "../../simulator";
import { preparePackedProject } from "../support/packed-project";
import { PulumiCli, assertCliInstalled, until } from "./cli";
import { writeProgram } from "./program";

/** What an e2e suite shares: one simulator, and one CLI on the packed project with its own state directory. */
export interface CliSuite {
    sim: RunningSimulator;
    cli: PulumiCli;
    workDir: string;
    /** A new simulated instance (a random id) behaving as `scenario` says. */
    instance(scenario?: Partial<InstanceScenario>): string;
}

/**
 * Registers the hooks of an e2e suite (call inside `describe`): the packed project with the
 * config-driven program, a CLI whose state lives in a temp `work` directory (kept with
 * KEEP_E2E_DIR=1), and a simulator started with `simulator`. The suite's fields are set once its
 * `before` hook ran.
 */
export function useCliSuite(name: string, simulator: SimulatorOptions, onAfter?: () => void): CliSuite {
    const suite = {
        instance(scenario: Partial<InstanceScenario> = {}): string {
            const id = randomUUID();
            suite.sim.setInstance(id, scenario);
            return id;
        },
    } as CliSuite;
    before(async function () {
        this.timeout(240_000);
        await assertCliInstalled();
        const project = await preparePackedProject();
        writeProgram(project.dir);
        suite.workDir = mkdtempSync(join(tmpdir(), `dcs-jobs-e2e-${name}-`));
        suite.cli = new PulumiCli({ cwd: project.dir, workDir: suite.workDir });
        suite.sim = await startSimulator({ port: 0, ...simulator });
        const version = await suite.cli.run(["version"]);
        console.log(`      pulumi ${version.stdout.trim()} in ${project.dir}, state ${suite.cli.stateDir}`);
    });
    after(async function () {
        this.timeout(30_000);
        await suite.sim?.stop();
        if (suite.cli) console.log(`\n${suite.cli.summary()}`);
        onAfter?.();
        if (suite.workDir && process.env.KEEP_E2E_DIR !== "1") rmSync(suite.workDir, { recursive: true, force: true });
    });
    return suite;
}

/** The simulator's swap jobs on an instance, oldest first. */
export function swapJobsOn(sim: RunningSimulator, id: string) {
    return sim
        .jobs()
        .filter((j) => j.instanceId === id && j.jobType === "masterStandbySwapJob")
        .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Waits until every swap job DCS has for the instances has ended, so that `swapCount` counts each
 * switchover DCS accepted: a failed `up` can leave a swap it sent still running.
 */
export async function swapJobsEnded(sim: RunningSimulator, ...ids: string[]): Promise<void> {
    const ended = () => ids.every((id) => swapJobsOn(sim, id).every((j) => j.status === "SUCCESS" || j.status === "FAIL"));
    await until(`every swap job on ${ids.join(", ")} ended`, ended, 30_000);
}
