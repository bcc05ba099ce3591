/**
 * The test language hosts for Python and Go (tools/language-host, launched as
 * .tools/bin/pulumi-language-python and -go; the Go module proxy refuses Pulumi's own): through the
 * real CLI and a file backend, a Python and a Go program read a config value and a secret and export
 * them, and a program that fails makes `pulumi up` fail with the program's own message.
 */
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { BIN_DIR, CliResult, PulumiCli, assertCliInstalled, diagnostics, timed } from "../e2e/cli";
import { REPO_ROOT, runProcess } from "../support/packed-project";
import { ensureVenv } from "../support/python-venv";

const STACK = "dev";
/** The plugin-schema suite's pinned requirements (pulumi==3.272.0): one cached venv serves both. */
const REQUIREMENTS = join(__dirname, "plugin-schema", "requirements.txt");
/** The Go SDK at the CLI's own version: its modules are in the module cache already. */
const GO_SDK_VERSION = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/.exec(readFileSync(join(REPO_ROOT, "tools", "pulumi-cli", "go.mod"), "utf8"))![1];

const PYTHON_OK = `import pulumi

config = pulumi.Config()
greeting = config.require("greeting")
pulumi.export("greeting", greeting)
pulumi.export("shout", pulumi.Output.from_input(greeting).apply(str.upper))
pulumi.export("token", config.require_secret("token"))
pulumi.export("stack", pulumi.get_stack())
`;

const PYTHON_FAIL = `import pulumi

def check(greeting):
    raise ValueError("the python program says no to " + greeting)

check(pulumi.Config().require("greeting"))
`;

/** Indented with spaces (gofmt would use tabs; the compiler does not mind). */
const goProgram = (imports: string[], body: string) => `package main

import (
${imports.map((path) => `    "${path}"`).join("\n")}

    "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
    "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
    pulumi.Run(func(ctx *pulumi.Context) error {
        cfg := config.New(ctx, "")
${body}
    })
}
`;

const GO_OK = goProgram(
    ["strings"],
    `        greeting := cfg.Require("greeting")
        ctx.Export("greeting", pulumi.String(greeting))
        ctx.Export("shout", pulumi.String(strings.ToUpper(greeting)))
        ctx.Export("token", cfg.RequireSecret("token"))
        ctx.Export("stack", pulumi.String(ctx.Stack()))
        return nil`,
);

const GO_FAIL = goProgram(["errors"], `        return errors.New("the go program says no to " + cfg.Require("greeting"))`);

describe("the test language hosts run Python and Go programs through the real CLI", function () {
    this.timeout(300_000);
    let work: string;
    const clis: PulumiCli[] = [];

    before(async () => {
        await assertCliInstalled();
        // With the build from Go modules, these are ours; with a user's own CLI, its own hosts.
        for (const runtime of ["python", "go"]) {
            const launcher = join(BIN_DIR, `pulumi-language-${runtime}`);
            if (BIN_DIR === join(REPO_ROOT, ".tools", "bin") && !existsSync(launcher))
                throw new Error(`${launcher} is missing: run \`eval "$(bash scripts/pulumi-cli.sh)"\` after \`npm run build\``);
        }
        work = mkdtempSync(join(tmpdir(), "dcs-language-hosts-"));
    });

    after(() => {
        for (const cli of clis) console.log(`\n${cli.summary()}`);
        if (work && process.env.KEEP_E2E_DIR !== "1") rmSync(work, { recursive: true, force: true });
    });

    /** A program in its own directory with its own backend, and a stack with `greeting` and the secret `token`. */
    async function project(name: string, pulumiYaml: (dir: string) => string, files: Record<string, string>): Promise<PulumiCli> {
        const workDir = join(work, name);
        const dir = join(workDir, "program");
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "Pulumi.yaml"), pulumiYaml(dir));
        for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
        const cli = new PulumiCli({ cwd: dir, workDir });
        // The program's go.mod lists only the SDK; `go build` completes it (and writes go.sum) from the module cache.
        cli.env.GOFLAGS = "-mod=mod";
        clis.push(cli);
        await cli.stackInit(STACK, { greeting: "hello" }, { token: "s3cr3t" });
        return cli;
    }

    /** `pulumi up` succeeds; the outputs hold the config, and the secret stays one. */
    async function expectOutputs(cli: PulumiCli, extra: Record<string, string> = {}): Promise<void> {
        timed("pulumi up", await cli.up(STACK));
        expect(await cli.outputs(STACK)).to.deep.equal({ greeting: "hello", token: "[secret]", stack: STACK, ...extra });
        const shown = await cli.run(["stack", "output", "--json", "--show-secrets", "-s", STACK]);
        expect(JSON.parse(shown.stdout).token).to.equal("s3cr3t");
    }

    /** `pulumi up` fails, and says why in the program's words. */
    async function expectFailure(cli: PulumiCli, ...messages: string[]): Promise<CliResult> {
        const result = timed("pulumi up (failing)", await cli.up(STACK, "fail"));
        for (const message of messages) expect(diagnostics(result)).to.contain(message);
        return result;
    }

    describe("Python (runtime: python, the virtualenv option)", () => {
        let venvDir: string;

        before(async function () {
            this.timeout(600_000);
            const venv = await ensureVenv({ requirements: REQUIREMENTS, modules: ["pulumi"] });
            console.log(`      venv: ${venv.created ? "built" : "cached"} in ${(venv.ms / 1000).toFixed(1)} s`);
            venvDir = venv.dir;
        });

        // Relative to Pulumi.yaml's directory, as Pulumi's own host reads the option.
        const pythonYaml = (name: string) => (dir: string) =>
            `name: ${name}\nruntime:\n  name: python\n  options:\n    virtualenv: ${relative(dir, venvDir)}\n`;

        it("reads a config value and a secret and exports them", async () => {
            const cli = await project("python-ok", pythonYaml("python-ok"), { "__main__.py": PYTHON_OK });
            await expectOutputs(cli, { shout: "HELLO" });
        });

        it("an exception in the program fails `pulumi up` with its message and the program's traceback only", async () => {
            const cli = await project("python-fail", pythonYaml("python-fail"), { "__main__.py": PYTHON_FAIL });
            const result = await expectFailure(
                cli,
                "Program failed with an unhandled exception",
                "ValueError: the python program says no to hello",
                "__main__.py",
            );
            expect(diagnostics(result), "exec.py's own frames are cut").to.not.contain("exec.py").and.not.contain("runpy");
        });
    });

    describe("Go (runtime: go, built by the host)", () => {
        const goFiles = (main: string) => ({
            "go.mod": `module example.com/program\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${GO_SDK_VERSION}\n`,
            "main.go": main,
        });
        const goYaml = (name: string) => () => `name: ${name}\nruntime: go\n`;

        // The SDK's first compile (~2 min on 2 cores with an empty build cache) happens here, not
        // inside a `pulumi up` with its 2-minute limit; later builds take seconds.
        before(async function () {
            this.timeout(600_000);
            const dir = join(work, "go-warm");
            mkdirSync(dir);
            for (const [file, text] of Object.entries(goFiles(GO_OK))) writeFileSync(join(dir, file), text);
            const build = await runProcess("go", ["build", "-o", "/dev/null", "."], {
                cwd: dir,
                env: { ...process.env, GOFLAGS: "-mod=mod" },
                timeoutMs: 600_000,
            });
            expect(build.code, `go build of the SDK:\n${build.stderr}`).to.equal(0);
            console.log(`      go build cache: ${(build.ms / 1000).toFixed(1)} s`);
        });

        it("reads a config value and a secret and exports them", async () => {
            const cli = await project("go-ok", goYaml("go-ok"), goFiles(GO_OK));
            await expectOutputs(cli, { shout: "HELLO" });
        });

        it("an error from the program fails `pulumi up` with its message; so does a compile error, with the compiler's", async () => {
            const cli = await project("go-fail", goYaml("go-fail"), goFiles(GO_FAIL));
            await expectFailure(cli, "the go program says no to hello");
            writeFileSync(join(cli.options.cwd, "main.go"), GO_OK.replace("return nil", "return undefinedThing"));
            await expectFailure(cli, "go build failed", "undefined: undefinedThing");
        });
    });
});
