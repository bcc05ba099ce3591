/**
 * scripts/pulumi-cli.sh: which Pulumi CLI the demo, the e2e suite and the benchmarks drive. A user's
 * own `pulumi` on PATH comes first; the build from Go modules only when there is none, or when asked.
 * The "user's pulumi" here is a stand-in script (a real second CLI is not installed on this machine).
 */
import { expect } from "chai";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT, RunError, RunResult, run } from "../support/packed-project";

describe("scripts/pulumi-cli.sh chooses the Pulumi CLI", function () {
    this.timeout(30_000);
    let dir: string;
    let own: string;

    before(() => {
        dir = mkdtempSync(join(tmpdir(), "pulumi-on-path-"));
        own = join(dir, "pulumi");
        writeFileSync(own, '#!/bin/sh\n[ "$1" = version ] && echo v3.999.0-users-own\n');
        chmodSync(own, 0o755);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs the script with PATH = `extraPath` and the base system directories (where no pulumi is installed). */
    const choose = (choice: string | undefined, extraPath?: string): Promise<RunResult> => {
        const env: NodeJS.ProcessEnv = { ...process.env, PATH: [extraPath, "/usr/bin", "/bin"].filter(Boolean).join(":") };
        delete env.DCS_JOBS_PULUMI;
        if (choice !== undefined) env.DCS_JOBS_PULUMI = choice;
        return run("bash", [join(REPO_ROOT, "scripts", "pulumi-cli.sh")], { cwd: REPO_ROOT, env, timeoutMs: 20_000 });
    };
    const failure = (promise: Promise<unknown>) =>
        promise.then(
            () => expect.fail("expected a failure"),
            (error: RunError) => error.result,
        );

    it("auto (the default): a pulumi on PATH is used as it is, with its own directory first on PATH", async () => {
        const { stdout, stderr } = await choose(undefined, dir);
        expect(stdout).to.contain(`export DCS_JOBS_PULUMI_BIN="${own}"`).and.contain(`export PATH="${dir}:$PATH"`);
        expect(stderr).to.contain(`using ${own} (v3.999.0-users-own, found on PATH)`).and.not.contain("install-pulumi-cli");
    });

    it("auto with no pulumi on PATH: the Go-module build (npm test has built it already)", async () => {
        const { stdout, stderr } = await choose(undefined);
        expect(stdout).to.contain(`export DCS_JOBS_PULUMI_BIN="${join(REPO_ROOT, ".tools", "bin", "pulumi")}"`);
        expect(stderr).to.contain("built from Go modules");
    });

    it("a path: that binary; a path that is not an executable is refused by name", async () => {
        const { stdout } = await choose(own);
        expect(stdout).to.contain(`export DCS_JOBS_PULUMI_BIN="${own}"`);
        const missing = await failure(choose(join(dir, "nope", "pulumi")));
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.contain(`DCS_JOBS_PULUMI=${join(dir, "nope", "pulumi")} is not an executable file`);
    });

    it("an unknown choice is refused, naming the allowed ones", async () => {
        const { code, stderr } = await failure(choose("latest", dir));
        expect(code).to.equal(1);
        expect(stderr).to.contain("DCS_JOBS_PULUMI must be auto, build or a path to a pulumi binary, got 'latest'");
    });

    it("build: the Go-module build in .tools/bin even when a pulumi is on PATH (npm test has built it already)", async () => {
        const { stdout, stderr } = await choose("build", dir);
        expect(stdout).to.contain(`export DCS_JOBS_PULUMI_BIN="${join(REPO_ROOT, ".tools", "bin", "pulumi")}"`);
        expect(stderr).to.contain("built from Go modules");
    });
});
