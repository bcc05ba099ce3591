import { expect } from "chai";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { join } from "path";
import { DcsClient } from "../../provider";
import { DEFAULT_TIMEOUT_MS, parseDuration } from "../../provider/jobs";
import { RunningSimulator, startSimulator } from "../../simulator";
import { preparePackedProject } from "../support/packed-project";

interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** The `dcs-jobs` command as CI scripts run it: a child process, env-only credentials, exit codes. */
describe("dcs-jobs CLI against the simulator", function () {
    this.timeout(60_000);
    let sim: RunningSimulator;
    const bin = join(__dirname, "..", "..", "dist", "provider", "cli", "index.js");

    before(async () => {
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 3500 } });
    });
    after(() => sim.stop());

    function cli(args: string[], options: { env?: Record<string, string>; cwd?: string; command?: string[] } = {}): Promise<CliRun> {
        const [cmd, ...pre] = options.command ?? [process.execPath, bin];
        const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...sim.env, ...options.env };
        return new Promise((resolve) => {
            const child = spawn(cmd, [...pre, ...args], { env, cwd: options.cwd });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d) => (stdout += d));
            child.stderr.on("data", (d) => (stderr += d));
            child.on("close", (code) => resolve({ code, stdout, stderr }));
        });
    }

    it("swap waits for the job and prints it as JSON with exit code 0", async () => {
        const id = randomUUID();
        const run = await cli(["swap", id, "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const job = JSON.parse(run.stdout);
        expect(job).to.include({ jobType: "masterStandbySwapJob", status: "SUCCESS" });
        expect(run.stderr).to.contain(`accepted on instance ${id}: job ${job.jobId}`).and.contain("SUCCESS");
        expect(sim.counters().perInstance[id].swaps).to.equal(1);
    });

    it("exits 1 with the fail_reason on stderr when the job fails", async () => {
        const id = randomUUID();
        sim.setInstance(id, { failReason: "standby not in sync", jobDurationMs: 800 });
        const run = await cli(["swap", id]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain("standby not in sync");
    });

    it("exits 3 on timeout (swap and wait), and wait/status work on the job afterwards", async () => {
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: 5000 });
        const run = await cli(["swap", id, "--timeout", "1s", "--json"]);
        expect(run.code).to.equal(3);
        const last = JSON.parse(run.stdout);
        expect(last.status).to.match(/INIT|RUNNING/);
        const status = await cli(["status", last.jobId]);
        expect(status.code).to.equal(0);
        expect(status.stdout).to.match(new RegExp(`^${last.jobId} (INIT|RUNNING)`));
        // --timeout bounds wait too: it ends at its deadline, with the job still running.
        const short = await cli(["wait", last.jobId, "--timeout", "1s", "--json"]);
        expect(short.code, short.stderr).to.equal(3);
        expect(JSON.parse(short.stdout).status).to.match(/INIT|RUNNING/);
        const waited = await cli(["wait", last.jobId]);
        expect(waited.code, waited.stderr).to.equal(0);
        expect(waited.stdout.trim()).to.equal(`${last.jobId} SUCCESS`);
        expect(sim.counters().perInstance[id].swaps).to.equal(1);
    });

    it("client-ip on/off: a change waits for its job, an unchanged flag exits 0 without one", async () => {
        const id = randomUUID();
        sim.setInstance(id, { transparentClientIpEnable: true, jobDurationMs: 800 });
        const same = await cli(["client-ip", id, "on"]);
        expect(same.code).to.equal(0);
        expect(same.stderr).to.contain("already on");
        const off = await cli(["client-ip", id, "off"]);
        expect(off.code, off.stderr).to.equal(0);
        expect(sim.instance(id)!.transparentClientIpEnable).to.equal(false);
    });

    it("exits 2 on usage and configuration errors, naming the problem, without any request", async () => {
        const before = JSON.stringify(sim.counters().requests);
        const cases: [string[], Record<string, string>, RegExp][] = [
            [[], {}, /missing command/],
            [["frobnicate"], {}, /unknown command/],
            [["client-ip", randomUUID(), "maybe"], {}, /"on" or "off"/],
            [["swap", randomUUID(), "--timeout", "soon"], {}, /--timeout/],
            [["swap", "not-a-uuid"], {}, /instanceId/],
            [["wait", "j1"], { OS_ACCESS_KEY: "", OS_SECRET_KEY: "" }, /credentials/],
            [["wait", "j1", "--endpoint", "http://192.0.2.1"], {}, /endpoint: must use https/],
            [["wait", "j1", "--timeout"], {}, /missing value for --timeout/],
            [["wait", "j1", "--timeout", "--json"], {}, /missing value for --timeout/],
            [["wait", "j1", "--json=yes"], {}, /--json takes no value/],
            [["wait", "j1", "--cloud", "aws"], {}, /--cloud must be otc or huaweicloud, got "aws"/],
        ];
        for (const [args, env, pattern] of cases) {
            const run = await cli(args, { env });
            expect(run.code, args.join(" ")).to.equal(2);
            expect(run.stderr).to.match(pattern);
        }
        expect(JSON.stringify(sim.counters().requests)).to.equal(before);
    });

    it("--help lists every command and option, with the defaults, and accepts every option it lists", async () => {
        const before = JSON.stringify(sim.counters().requests);
        const run = await cli(["--help"]);
        expect(run.code, run.stderr).to.equal(0);
        for (const usage of ["wait <job-id>", "status <job-id>", "swap <instance-id>", "client-ip <instance-id> on|off"]) {
            expect(run.stdout).to.match(new RegExp(`^  ${usage}  +\\S`, "m"));
        }
        const options = [...run.stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)(?: (\S+))?  +(.*)$/gm)];
        expect(options.map((m) => m[1])).to.deep.equal(["--endpoint", "--region", "--cloud", "--project-id", "--timeout", "--json", "--help", "--version"]);
        const described = Object.fromEntries(options.map((m) => [m[1], m[3]]));
        expect(described["--endpoint"]).to.contain("(default: $DCS_ENDPOINT");
        expect(described["--region"]).to.contain("(default: $OS_REGION_NAME");
        expect(described["--project-id"]).to.contain("(default: $OS_PROJECT_ID");
        const timeoutDefault = /\(default: (\S+)\)/.exec(described["--timeout"])?.[1];
        expect(parseDuration(timeoutDefault ?? "")).to.equal(DEFAULT_TIMEOUT_MS);
        // Every listed option is accepted (an unknown one is a usage error even next to --help).
        const all = options.map(([, flag, value]) => (value ? `${flag}=${value.split("|")[0]}` : flag));
        const accepted = await cli(["wait", "j1", ...all]);
        expect(accepted.code, accepted.stderr).to.equal(0);
        expect(accepted.stdout).to.match(/^Usage: dcs-jobs wait <job-id>/);
        expect(JSON.stringify(sim.counters().requests)).to.equal(before);
    });

    it("<command> --help prints that command's usage and options only", async () => {
        const run = await cli(["client-ip", "-h"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.match(/^Usage: dcs-jobs client-ip <instance-id> on\|off \[options\]\n/);
        expect(run.stdout).to.contain("--timeout <duration>").and.contain("already has the wanted value");
        expect(run.stdout).not.to.match(/^ {2}(wait|status|swap) </m);
    });

    it("an unknown flag is a usage error naming the flag, followed by the command's usage", async () => {
        for (const flag of ["--frobnicate", "-z", "--timeout-ms=5"]) {
            const run = await cli(["swap", randomUUID(), flag]);
            expect(run.code, flag).to.equal(2);
            expect(run.stderr).to.contain(`dcs-jobs: unknown option ${flag.split("=")[0]}\n`);
            expect(run.stderr).to.contain("Usage: dcs-jobs swap <instance-id> [options]");
            expect(run.stdout).to.equal("");
        }
    });

    it("npx dcs-jobs wait works from a packed install", async function () {
        this.timeout(240_000);
        const project = await preparePackedProject();
        const client = new DcsClient({ endpoint: sim.url, projectId: sim.projectId, credentials: sim.credentials, env: {} });
        const { jobId } = await client.swapMasterStandby(randomUUID());
        const run = await cli(["wait", jobId!, "--json"], { cwd: project.dir, command: ["npx", "--no-install", "dcs-jobs"] });
        expect(run.code, run.stderr).to.equal(0);
        expect(JSON.parse(run.stdout)).to.include({ jobId, status: "SUCCESS" });
        expect(run.stdout + run.stderr).not.to.contain(sim.credentials.secretKey);
    });
});
