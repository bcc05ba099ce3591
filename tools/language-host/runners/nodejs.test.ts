import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { nodejsRunner } from "./nodejs";
import { RunFacts } from "./types";

const REPO = resolve(__dirname, "..", "..", "..");

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
    return {
        monitor: "127.0.0.1:1001",
        engine: "127.0.0.1:1002",
        organization: "organization",
        project: "proj",
        stack: "dev",
        programDir: REPO,
        rootDir: REPO,
        entryPoint: ".",
        args: [],
        dryRun: true,
        parallel: 16,
        config: { "proj:greeting": "hi" },
        secretKeys: ["proj:token"],
        options: {},
        ...overrides,
    };
}

describe("language host runner: nodejs", () => {
    it("runs the program's own @pulumi/pulumi/cmd/run with Pulumi's flags and the legacy config keys", () => {
        const launch = nodejsRunner(facts({ args: ["extra"] }));
        expect(launch.command).to.equal(process.execPath);
        expect(launch.args[0]).to.equal(require.resolve("@pulumi/pulumi/cmd/run"));
        expect(launch.args.slice(1)).to.deep.equal([
            ...["--monitor", "127.0.0.1:1001", "--engine", "127.0.0.1:1002", "--organization", "organization", "--project", "proj"],
            ...["--root-directory", REPO, "--stack", "dev", "--pwd", REPO, "--dry-run", "--parallel", "16", ".", "extra"],
        ]);
        expect(launch.cwd).to.equal(REPO);
        expect(JSON.parse(launch.env.PULUMI_CONFIG)).to.deep.equal({ "proj:config:greeting": "hi" });
        expect(JSON.parse(launch.env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["proj:token"]);
        expect(launch.env.PULUMI_NODEJS_TYPESCRIPT).to.equal("true");
        expect(launch.build).to.equal(undefined);
    });

    it("follows the typescript and tsconfig options; no --dry-run on an update", () => {
        const launch = nodejsRunner(facts({ dryRun: false, options: { typescript: false, tsconfig: "tsconfig.app.json" } }));
        expect(launch.args).to.not.include("--dry-run");
        expect(launch.env.PULUMI_NODEJS_TYPESCRIPT).to.equal(undefined);
        expect(launch.env.PULUMI_NODEJS_TSCONFIG_PATH).to.equal("tsconfig.app.json");
    });

    it("says to run npm install where the program has no @pulumi/pulumi", () => {
        const dir = mkdtempSync(join(tmpdir(), "lang-host-nodejs-"));
        try {
            expect(() => nodejsRunner(facts({ programDir: dir }))).to.throw(`could not find @pulumi/pulumi in ${dir}: run 'npm install' there`);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
