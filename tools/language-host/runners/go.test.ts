import { expect } from "chai";
import { tmpdir } from "os";
import { dirname } from "path";
import { goRunner } from "./go";
import { RunFacts } from "./types";

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
    return {
        monitor: "127.0.0.1:1001",
        engine: "127.0.0.1:1002",
        organization: "organization",
        project: "proj",
        stack: "dev",
        programDir: "/work/proj",
        rootDir: "/work/proj",
        entryPoint: ".",
        args: [],
        dryRun: true,
        parallel: 4,
        config: { "proj:greeting": "hi" },
        secretKeys: ["proj:token"],
        options: {},
        ...overrides,
    };
}

describe("language host runner: go", () => {
    it("builds the program into a temporary binary, runs it with the environment the Go SDK reads, then deletes it", () => {
        const launch = goRunner(facts());
        expect(launch.build).to.deep.equal({ command: "go", args: ["build", "-o", launch.command, "."], cwd: "/work/proj", env: {} });
        expect(dirname(launch.command)).to.equal(tmpdir());
        expect(launch.cleanup).to.equal(launch.command);
        expect(launch.cwd).to.equal("/work/proj");
        expect(launch.env).to.deep.equal({
            PULUMI_MONITOR: "127.0.0.1:1001",
            PULUMI_ENGINE: "127.0.0.1:1002",
            PULUMI_ORGANIZATION: "organization",
            PULUMI_PROJECT: "proj",
            PULUMI_STACK: "dev",
            PULUMI_ROOT_DIRECTORY: "/work/proj",
            PULUMI_DRY_RUN: "true",
            PULUMI_PARALLEL: "4",
            PULUMI_CONFIG: JSON.stringify({ "proj:greeting": "hi" }),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["proj:token"]),
        });
        expect(goRunner(facts()).command, "a fresh binary per run").to.not.equal(launch.command);
    });

    it("runs the binary option as it is, relative to the program's directory, with no build", () => {
        const launch = goRunner(facts({ options: { binary: "bin/prog" }, args: ["x"] }));
        expect(launch.build).to.equal(undefined);
        expect(launch.cleanup).to.equal(undefined);
        expect(launch.command).to.equal("/work/proj/bin/prog");
        expect(launch.args).to.deep.equal(["x"]);
        expect(launch.env.PULUMI_STACK).to.equal("dev");
        expect(() => goRunner(facts({ options: { binary: true } }))).to.throw("the binary option must be a string");
    });
});
