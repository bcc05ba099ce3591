/**
 * End to end: an upgrade from 0.1.0 on the same runner (same state backend, same resume journal).
 * The 0.1.0 package itself (test/legacy, rebuilt by scripts/legacy-package.sh from the
 * release commit) writes the state, through the real CLI against the simulator: every record shape
 * it leaves after an `up` that ended (SUCCESS, FAIL, a timed-out RUNNING job, a sync swap it could
 * not find in the task list, kept as `pending-since-<ms>`) for each kind. The project then installs
 * the current tarball and runs `up` again. What DCS did is read from the simulator, never from the
 * provider's report.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { RequestLogEntry, RunningSimulator, startSimulator } from "../../simulator";
import { REPO_ROOT, preparePackedProject, repoPulumiVersion, run } from "../support/packed-project";
import { PulumiCli, assertCliInstalled, diagnostics, timed } from "./cli";
import { swapJobsEnded } from "./suite";
import { DcsJobSpec, SwapSpec, initStack, writeProgram } from "./program";
import { NO_WRITES, requestsOn, writeCalls } from "./requests";

const LEGACY_TARBALL = join(REPO_ROOT, "test", "legacy", "pulumi-dcs-jobs-0.1.0.tgz");
const STACK = "upgrade";

describe("e2e: upgrade from 0.1.0 state written by the 0.1.0 package (Pulumi CLI + DCS simulator)", function () {
    this.timeout(300_000);

    const log: RequestLogEntry[] = [];
    let sim: RunningSimulator;
    let cli: PulumiCli;
    let project: string;
    let workDir: string;

    before(async function () {
        this.timeout(300_000);
        await assertCliInstalled();
        const current = await preparePackedProject(); // packs the current package: installed at the upgrade
        currentTarball = current.tarball;
        project = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-upgrade-"));
        writeFileSync(join(project, "package.json"), JSON.stringify({ name: "dcs-jobs-upgrade", version: "0.0.0", private: true, license: "UNLICENSED" }));
        await npm(["install", "--save-exact", LEGACY_TARBALL, `@pulumi/pulumi@${repoPulumiVersion()}`]);
        writeProgram(project);
        workDir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-upgrade-work-"));
        cli = new PulumiCli({ cwd: project, workDir });
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 }, onRequest: (entry) => log.push(entry) });
    });
    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (cli) console.log(`\n${cli.summary()}`);
        if (process.env.KEEP_E2E_DIR !== "1") for (const dir of [project, workDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    let currentTarball = "";
    const npm = (args: string[]) => run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project });
    /** 0.1.0 had no operations layer; the current package (still versioned 0.1.0 until released) has. */
    const installed = () => (existsSync(join(project, "node_modules", "pulumi-dcs-jobs", "dist", "provider", "operations")) ? "current" : "0.1.0");
    const swapsOn = (id: string) => sim.instance(id)?.swapCount ?? 0;

    it("every record 0.1.0 leaves is read safely: nothing is swapped twice, the undecided sync swap stops naming its resolution, and the stack converges", async () => {
        expect(installed(), "the project starts on the released package").to.equal("0.1.0");
        const instance = (scenario = {}) => {
            const id = randomUUID();
            sim.setInstance(id, scenario);
            return id;
        };
        const ids = {
            done: instance(),
            failed: instance({ failReason: "the standby node is not ready" }),
            syncUnlisted: instance(),
            timedOut: instance({ jobDurationMs: 8_000 }),
            clientIp: instance(),
            ssl: instance(),
        };
        const swaps: SwapSpec[] = [
            { name: "done", instanceId: ids.done },
            { name: "failed", instanceId: ids.failed },
            { name: "sync-unlisted", instanceId: ids.syncUnlisted, api: "sync", timeout: "8s" },
            { name: "timed-out", instanceId: ids.timedOut, timeout: "4s" },
        ];
        const dcsJobs: DcsJobSpec[] = [
            { name: "ssl", method: "PUT", path: `/v2/{project_id}/instances/${ids.ssl}/ssl`, body: { enabled: true }, instanceId: ids.ssl },
        ];
        const clientIps = [{ name: "client-ip", instanceId: ids.clientIp, enabled: false }];
        await initStack(cli, sim, STACK, { swaps, dcsJobs, clientIps });

        // ---- 0.1.0 writes the state: three swaps end unfinished or failed, so `up` fails
        // --continue-on-error: every swap runs whichever fails first (the engine otherwise starts no new step
        // after a failure, and on a loaded machine a failure can come before an independent swap started).
        timed("up with 0.1.0", await cli.up(STACK, "fail", ["--continue-on-error"]));
        const legacy = await records();
        expect(legacy.done).to.include({ status: "SUCCESS", runtimeVersion: "0.1.0", stateVersion: 1 });
        expect(legacy.failed).to.include({ status: "FAIL", failReason: "the standby node is not ready" });
        expect(legacy["timed-out"]).to.include({ status: "RUNNING", apiUsed: "async" });
        expect(legacy["sync-unlisted"]).to.include({ status: "RUNNING", apiUsed: "sync" });
        expect(legacy["sync-unlisted"].jobId).to.match(/^pending-since-\d+$/);
        expect(legacy["client-ip"]).to.include({ status: "SUCCESS", enabled: false });
        expect(legacy.ssl).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        for (const record of Object.values(legacy)) expect(record, "0.1.0 recorded no intent").to.not.have.property("intentId");
        await swapJobsEnded(sim, ids.timedOut);
        // What DCS did under 0.1.0: the sync swap took effect although 0.1.0 could not find its task.
        const under010 = { done: 1, failed: 0, syncUnlisted: 1, timedOut: 1 };
        expect(switchovers(), "switchovers under 0.1.0").to.deep.equal(under010);

        // ---- the upgrade: same runner, same state and journal; the failed swap's cause is fixed
        await npm(["install", "--save-exact", currentTarball]);
        // As a user does after a timeout: a longer one (config only). The resumed run records an intent and
        // reads the task list first, which a 4 s deadline may not cover on a loaded machine.
        const upgradedSwaps = swaps.map((s) => (s.name === "timed-out" ? { ...s, timeout: "60s" } : s));
        await cli.setConfig(STACK, { swaps: JSON.stringify(upgradedSwaps) });
        expect(installed()).to.equal("current");
        sim.setInstance(ids.failed, { failReason: null });
        let mark = log.length;
        const upgraded = timed("up after the upgrade", await cli.up(STACK, "fail", ["--continue-on-error"]));
        const said = diagnostics(upgraded);
        expect(switchovers(), `switchovers after the upgrade: only the failed swap ran again\n${said}`).to.deep.equal({ ...under010, failed: 1 });
        expect(writes(mark), "write requests after the upgrade").to.deep.equal({ ...none(), failed: { ...NO_WRITES, asyncSwap: 1 } });
        const after = await records();
        // A timed-out job is resumed and recorded SUCCESS: its master was never recorded before the send, so
        // the master it has now is no evidence against it (the intent was recorded after the swap).
        expect(after["timed-out"], said).to.include({ status: "SUCCESS", jobId: legacy["timed-out"].jobId });
        expect(after["timed-out"].masterChanged, `the resumed swap is not reported unconfirmed\n${said}`).to.not.equal(false);
        expect(said).to.not.match(/MasterStandbySwap \(timed-out\):\s*error/);
        expect(after.failed, said).to.include({ status: "SUCCESS" });
        expect(after.failed.jobId).to.not.equal(legacy.failed.jobId);
        for (const name of ["done", "client-ip", "ssl"]) expect(after[name].jobId, name).to.equal(legacy[name].jobId);
        // The sync swap nothing identifies stops, names the way out, and is not recorded as having done nothing.
        expect(upgraded.output).to.include('resolution: { intentId: "legacy", outcome: "done" }');
        expect(after["sync-unlisted"].status, "an undecided swap is never recorded FAIL (the next run would send it)").to.not.equal("FAIL");

        // ---- the operator checked the instance and records the swap as done: SUCCESS, no call
        const swapsSpec = upgradedSwaps.map((s) => (s.name === "sync-unlisted" ? { ...s, resolution: { intentId: "legacy", outcome: "done" as const } } : s));
        await cli.setConfig(STACK, { swaps: JSON.stringify(swapsSpec) });
        mark = log.length;
        const resolved = timed("up with the resolution", await cli.up(STACK));
        expect(switchovers(), diagnostics(resolved)).to.deep.equal({ ...under010, failed: 1 });
        expect(writes(mark), "write requests of the resolved run").to.deep.equal(none());
        const final = await records();
        for (const [name, record] of Object.entries(final))
            expect(record.status, `${name}: ${JSON.stringify(record)}\n${diagnostics(resolved)}`).to.equal("SUCCESS");
        expect(final["sync-unlisted"]).to.include({ resolvedBy: "operator" });

        // ---- converged: another `up` sends nothing and changes nothing
        mark = log.length;
        const again = timed("up again", await cli.up(STACK));
        expect(writes(mark), "write requests of a converged `up`").to.deep.equal(none());
        expect(again.output).to.not.match(/\bupdated\b|\breplaced\b|\bcreated\b/);
        expect(switchovers()).to.deep.equal({ ...under010, failed: 1 });

        async function records(): Promise<Record<string, Record<string, any>>> {
            const { deployment } = await cli.exportStack(STACK);
            const out: Record<string, Record<string, any>> = {};
            for (const r of deployment.resources ?? []) {
                const name = r.urn.split("::").pop()!;
                if (/dynamic\/dcs:(MasterStandbySwap|ClientIpPassthrough|DcsJob)$/.test(r.type)) out[name] = r.outputs ?? {};
            }
            return out;
        }
        function switchovers() {
            return { done: swapsOn(ids.done), failed: swapsOn(ids.failed), syncUnlisted: swapsOn(ids.syncUnlisted), timedOut: swapsOn(ids.timedOut) };
        }
        function none(): Record<string, Record<string, number>> {
            return Object.fromEntries(Object.keys(ids).map((name) => [name, NO_WRITES]));
        }
        function writes(since: number): Record<string, Record<string, number>> {
            return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, writeCalls(requestsOn(log, id, since))]));
        }
    });
});
