/**
 * The quickstarts in other languages (examples/yaml-quickstart, python-quickstart and go-quickstart),
 * each run by its one command, `bash scripts/plugin-demo.sh <lang> [fail]`: the plugin's release
 * tarball installed as a user installs it, the real CLI, the simulator. The first run builds the
 * release tarball (unless scripts/test-all.sh already did: `DCS_JOBS_PLUGIN_RELEASE`); the later runs
 * reuse it. The examples' directories are left as they were.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { Proc, REPO_ROOT, runProcess } from "../../support/packed-project";
import { PULUMI } from "../cli";

const DEMO = join(REPO_ROOT, "scripts", "plugin-demo.sh");
const LANGUAGES = ["yaml", "python", "go"] as const;
type Language = (typeof LANGUAGES)[number];
const VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version;
/** The reason the demo scenario's failing instance (the script's `fail` mode) gives. */
const FAIL_REASON: string = JSON.parse(readFileSync(join(REPO_ROOT, "scripts", "demo-scenario.json"), "utf8")).instances["0badf00d-0000-4000-8000-00000000fa11"]
    .failReason;
/** A cold run may build Pulumi YAML's language host, a venv or the Go SDK's dependencies: minutes each. */
const RUN_TIMEOUT_MS = 900_000;

/** Every file under the examples' directories, with a hash of its content. */
function exampleFiles(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const language of LANGUAGES) {
        const dir = join(REPO_ROOT, "examples", `${language}-quickstart`);
        for (const name of readdirSync(dir, { recursive: true }) as string[]) {
            const path = join(dir, name);
            if (statSync(path).isFile()) files[relative(REPO_ROOT, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
        }
    }
    return files;
}

const tail = (text: string, max = 6000) => (text.length > max ? `…${text.slice(-max)}` : text);

describe("e2e: the YAML, Python and Go quickstarts, each by its one command (scripts/plugin-demo.sh)", function () {
    this.timeout(RUN_TIMEOUT_MS + 30_000);
    let release = process.env.DCS_JOBS_PLUGIN_RELEASE;
    let releaseDir: string | undefined;
    const examplesBefore = exampleFiles();
    const timings: string[] = [];

    after(function () {
        if (timings.length) console.log(`\n${timings.join("\n")}`);
        if (releaseDir) rmSync(releaseDir, { recursive: true, force: true });
    });

    async function demo(language: Language, mode: "ok" | "fail" = "ok"): Promise<Proc & { output: string }> {
        const env: NodeJS.ProcessEnv = { ...process.env };
        // The CLI this suite runs with (scripts/pulumi-cli.sh chose it), so that the script does not choose again.
        if (existsSync(PULUMI)) env.DCS_JOBS_PULUMI = PULUMI;
        if (release) env.DCS_JOBS_PLUGIN_RELEASE = release;
        else delete env.DCS_JOBS_PLUGIN_RELEASE;
        const args = [DEMO, language, ...(mode === "fail" ? ["fail"] : [])];
        const proc = await runProcess("bash", args, { cwd: REPO_ROOT, env, timeoutMs: RUN_TIMEOUT_MS });
        timings.push(
            `  ${(proc.ms / 1000).toFixed(1).padStart(6)} s  exit ${String(proc.code).padEnd(4)} bash scripts/plugin-demo.sh ${args.slice(1).join(" ")}${release ? "" : " (building the release tarball)"}`,
        );
        const output = `${proc.stdout}\n${proc.stderr}`;
        expect(proc.code, tail(output)).to.equal(0);
        expect(output, "the installed plugin, not one found on PATH").to.not.contain("pulumi-resource-dcs from $PATH");
        expect(output, "one swap accepted by the simulator").to.match(/^swaps accepted: 1$/m);
        return { ...proc, output };
    }

    /** After the first run built it: its tarball, copied out of the script's own directory, for the others. */
    function keepRelease(language: Language): void {
        if (release) return;
        const built = join(REPO_ROOT, ".tools", "plugin-demo", language, "release", `pulumi-resource-dcs-v${VERSION}.tar.gz`);
        if (!existsSync(built)) return;
        releaseDir = mkdtempSync(join(tmpdir(), "dcs-jobs-plugin-demo-"));
        release = join(releaseDir, `pulumi-resource-dcs-v${VERSION}.tar.gz`);
        copyFileSync(built, release);
    }

    for (const language of LANGUAGES) {
        it(`${language}: \`up\` swaps once, and the outputs show the job, status SUCCESS, the API and the master`, async () => {
            const { output } = await demo(language);
            keepRelease(language);
            expect(output).to.match(/^\s*status\s+SUCCESS\s*$/m);
            expect(output).to.match(/^\s*jobId\s+[0-9a-f]{32}\s*$/m);
            expect(output).to.match(/^\s*apiUsed\s+async\s*$/m);
            expect(output).to.match(/^\s*masterNode\s+\S+\s*$/m);
        });
    }

    it("fail mode (yaml): `up` fails with the job's fail_reason, and the script says so with exit 0", async () => {
        const { output } = await demo("yaml", "fail");
        expect(output).to.contain(FAIL_REASON);
        expect(output).to.match(/pulumi up exited with [1-9]\d*: this is the CI gate/);
    });

    it("the examples' directories are as they were", () => {
        expect(exampleFiles()).to.deep.equal(examplesBefore);
    });
});
