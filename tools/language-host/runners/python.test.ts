import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import { DEFAULT_PYTHON, EXEC_PY, pythonRunner } from "./python";
import { RunFacts } from "./types";

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
    return {
        monitor: "127.0.0.1:1001",
        engine: "127.0.0.1:1002",
        organization: "organization",
        project: "proj",
        stack: "dev",
        programDir: "/work/proj/app",
        rootDir: "/work/proj",
        entryPoint: ".",
        args: [],
        dryRun: false,
        parallel: 8,
        config: { "proj:greeting": "hi" },
        secretKeys: ["proj:token"],
        options: {},
        ...overrides,
    };
}

describe("language host runner: python", () => {
    let root: string;
    before(() => {
        root = mkdtempSync(join(tmpdir(), "lang-host-python-"));
        mkdirSync(join(root, "venv", "bin"), { recursive: true });
        writeFileSync(join(root, "venv", "bin", "python"), "");
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it("runs exec.py with python3 from PATH and upstream's flags; config keys go as sent (ns:name)", () => {
        const launch = pythonRunner(facts({ args: ["a1"] }));
        expect(launch.command).to.equal(DEFAULT_PYTHON);
        expect(launch.args).to.deep.equal([
            ...["-u", EXEC_PY, "--monitor", "127.0.0.1:1001", "--engine", "127.0.0.1:1002", "--project", "proj", "--stack", "dev"],
            ...["--organization", "organization", "--root_directory", "/work/proj", "--pwd", "/work/proj/app", "--dry_run", "false", "--parallel", "8"],
            ...[".", "a1"],
        ]);
        expect(existsSync(EXEC_PY), EXEC_PY).to.equal(true);
        expect(launch.cwd).to.equal("/work/proj/app");
        expect(JSON.parse(launch.env.PULUMI_CONFIG)).to.deep.equal({ "proj:greeting": "hi" });
        expect(JSON.parse(launch.env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["proj:token"]);
        expect(launch.env.VIRTUAL_ENV).to.equal(undefined);
    });

    it("uses the virtualenv option's python, relative to Pulumi.yaml's directory, and activates it", () => {
        const launch = pythonRunner(facts({ rootDir: root, programDir: join(root, "app"), dryRun: true, options: { virtualenv: "venv" } }));
        expect(launch.command).to.equal(join(root, "venv", "bin", "python"));
        expect(launch.args.join(" ")).to.contain("--dry_run true");
        expect(launch.env.VIRTUAL_ENV).to.equal(join(root, "venv"));
        expect(launch.env.PATH.split(delimiter)[0]).to.equal(join(root, "venv", "bin"));
    });

    it("refuses a virtualenv option that names no venv, saying how to make one", () => {
        expect(() => pythonRunner(facts({ rootDir: root, options: { virtualenv: "missing" } }))).to.throw(
            `the virtualenv option names ${join(root, "missing")}, which has no bin/python`,
        );
        expect(() => pythonRunner(facts({ options: { virtualenv: 3 } }))).to.throw("the virtualenv option must be a string");
    });
});
