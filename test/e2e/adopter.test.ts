/**
 * An adopter's first run, through the real Pulumi CLI against the simulator: a brand-new Pulumi
 * TypeScript project (what `pulumi new typescript` writes: Pulumi.yaml, index.ts, tsconfig.json,
 * package.json with `typescript` and `@types/node`) installs the package the two ways the README's
 * "Install" section gives without a registry, type-checks, previews and swaps one instance:
 *
 * - a git dependency, `git+file://<clean clone>#<HEAD>`: npm clones it, installs its devDependencies
 *   and runs `prepare` (the `tsc` build), so `dist/` exists although git holds no build. The clone
 *   is of the committed HEAD: uncommitted changes are not in it;
 * - the `npm pack` tarball committed to the project (`vendor/…tgz`), as for an air-gapped CI.
 *
 * Either way the package must be a real directory under node_modules (never a symlink: Pulumi would
 * serialize the runtime by value), so the state holds the thin shim.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, join } from "path";
import { RunningSimulator, startSimulator } from "../../simulator";
import { REPO_ROOT, preparePackedProject, repoPulumiVersion, run } from "../support/packed-project";
import { PulumiCli, assertCliInstalled, diagnostics, resource, timed } from "./cli";
import { POLL, simulatorConfig } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline"];
const STACK = "dev";
/** A short job: the whole case is install time plus a few seconds of DCS. */
const SCENARIO = { jobInitMs: 300, jobDurationMs: 1500 };
const REPO_PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));

/** The program a user writes from the README's "Use" section. */
const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import { MasterStandbySwap } from "pulumi-dcs-jobs";

const config = new pulumi.Config();
const swap = new MasterStandbySwap("switchover", {
    instanceId: config.require("instanceId"),
    triggers: ["CHG-1234"],
    timeout: "60s",
    pollPolicy: ${JSON.stringify(POLL)},
});
export const jobId = swap.jobId;
export const status = swap.status;
`;

/** `pulumi new typescript`'s tsconfig.json (no skipLibCheck: our declarations are checked too). */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

describe("adopter: a new Pulumi TypeScript project installs the package and swaps once", function () {
    this.timeout(240_000);
    let sim: RunningSimulator;
    let base: string;
    /** A clean clone of the repository at HEAD, standing in for the published git repository. */
    let clone: string;
    let head: string;

    before(async function () {
        this.timeout(120_000);
        await assertCliInstalled();
        base = mkdtempSync(join(tmpdir(), "dcs-jobs-adopter-"));
        head = (await run("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT })).stdout.trim();
        const dirty = (await run("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: REPO_ROOT })).stdout.trim();
        if (dirty) console.log(`      adopter: uncommitted changes are not in the git case, which installs HEAD ${head.slice(0, 12)}`);
        clone = join(base, "pulumi-dcs-jobs");
        await run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone], { cwd: base });
        await run("git", ["checkout", "--quiet", "--detach", head], { cwd: clone });
        sim = await startSimulator({ port: 0 });
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        if (base && process.env.KEEP_E2E_DIR !== "1") rmSync(base, { recursive: true, force: true });
        else if (base) console.log(`KEEP_E2E_DIR=1: leaving ${base}`);
    });

    /** Writes the project and runs `npm install` there; returns npm's output. */
    async function newProject(dir: string, dependency: string, extra: Record<string, unknown> = {}): Promise<string> {
        mkdirSync(dir, { recursive: true });
        writeFileSync(
            join(dir, "Pulumi.yaml"),
            "name: dcs-adopter\ndescription: A DCS switchover\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
        );
        writeFileSync(join(dir, "index.ts"), INDEX_TS);
        writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 4));
        const pkg = {
            name: "dcs-adopter",
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": repoPulumiVersion(), "pulumi-dcs-jobs": dependency },
            devDependencies: { "@types/node": REPO_PACKAGE.devDependencies["@types/node"], typescript: REPO_PACKAGE.devDependencies.typescript },
            ...extra,
        };
        writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 4));
        const started = Date.now();
        const result = await run(NPM, ["install", ...NPM_FLAGS], { cwd: dir, timeoutMs: 240_000 });
        console.log(`      npm install (${dependency.replace(base, "<tmp>")}): ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return `${result.stdout}\n${result.stderr}`;
    }

    /** The installed package: a real directory with the build, only what `files` lists. */
    function expectInstalled(dir: string): void {
        const installed = join(dir, "node_modules", "pulumi-dcs-jobs");
        expect(lstatSync(installed).isSymbolicLink(), `${installed} is a symlink`).to.equal(false);
        expect(lstatSync(installed).isDirectory()).to.equal(true);
        for (const file of ["dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/resources/runtime/index.js"]) {
            expect(existsSync(join(installed, file)), `${file} installed`).to.equal(true);
        }
        for (const notShipped of ["provider", "test", "tsconfig.json", "dist/tools"]) {
            expect(existsSync(join(installed, notShipped)), `${notShipped} must not be installed`).to.equal(false);
        }
    }

    /** tsc, then preview (no write), up (one swap), preview again (no write, nothing to do). */
    async function typeCheckPreviewUp(dir: string, label: string): Promise<void> {
        const tsc = await run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", dir], { cwd: dir }).catch(
            (error) => error.result,
        );
        expect(`${tsc.stdout}${tsc.stderr}`.trim(), "tsc --noEmit output").to.equal("");

        const id = randomUUID();
        sim.setInstance(id, SCENARIO);
        const cli = new PulumiCli({ cwd: dir, workDir: join(base, `${label}-work`) });
        const { secretKey } = sim.credentials;
        const { plain, secrets } = simulatorConfig(sim);
        await cli.stackInit(STACK, { ...plain, instanceId: id }, secrets);
        expect(readFileSync(join(dir, `Pulumi.${STACK}.yaml`), "utf8"), "the secret key is stored encrypted").not.to.include(secretKey);

        let before = sim.counters();
        const preview = timed(`${label}: pulumi preview`, await cli.preview(STACK));
        expect(writeCalls(requestDelta(before, sim.counters())), `write calls of the first preview\n${diagnostics(preview)}`).to.deep.equal(NO_WRITES);
        expect(preview.output).to.match(/\+\s+pulumi-nodejs:dynamic\/dcs:MasterStandbySwap\s+switchover\s+create/);

        before = sim.counters();
        timed(`${label}: pulumi up`, await cli.up(STACK));
        expect(sim.instance(id)!.swapCount, "swaps of the instance").to.equal(1);
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls of up").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        const outputs = await cli.outputs(STACK);
        expect(outputs.status).to.equal("SUCCESS");
        expect(outputs.jobId).to.be.a("string").and.not.equal("");

        // The installed package is loaded by reference: state holds the shim, not the runtime's code.
        const { deployment } = await cli.exportStack(STACK);
        const shim = resource(deployment, "switchover")?.outputs?.__provider;
        expect(shim, "__provider of the swap").to.be.a("string").and.include('require("pulumi-dcs-jobs/runtime")');
        expect((shim as string).length, "__provider size").to.be.below(8_000);

        before = sim.counters();
        const again = timed(`${label}: pulumi preview after up`, await cli.preview(STACK));
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls of the preview after up").to.deep.equal(NO_WRITES);
        expect(again.output).to.match(/\b\d+ unchanged/);
        expect(again.output).not.to.match(/to create|to update|to replace|to delete/);
        expect(sim.instance(id)!.swapCount, "swaps of the instance after the second preview").to.equal(1);

        for (const result of cli.history) expect(result.output, `pulumi ${result.args[0]} output`).not.to.include(secretKey);
        const summary = cli.summary();
        expect(summary, "the command summary").not.to.include(secretKey);
        console.log(summary.replace(/^/gm, "      "));
    }

    it("from a git dependency (git+file://…#<commit>): npm runs prepare, so dist/ is built on install", async () => {
        expect((await run("git", ["rev-parse", "HEAD"], { cwd: clone })).stdout.trim(), "the clone's HEAD").to.equal(head);
        expect(existsSync(join(clone, "dist")), "a clean clone has no build").to.equal(false);
        const url = `git+file://${clone}`;
        const dir = join(base, "from-git");
        // npm 11 asks for each dependency whose install scripts run; a git dependency is approved by its URL.
        const npmOutput = await newProject(dir, `${url}#${head}`, { allowScripts: { [url]: true } });
        expect(npmOutput, "npm lists the approved git dependency as unreviewed").not.to.match(/pulumi-dcs-jobs@[^\n]*\(prepare/);
        const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
        expect(lock.packages["node_modules/pulumi-dcs-jobs"].resolved).to.equal(`${url}#${head}`);
        expectInstalled(dir);
        await typeCheckPreviewUp(dir, "git");
    });

    it("from the npm pack tarball committed to the project (vendor/…tgz, air-gapped CI)", async () => {
        const { tarball } = await preparePackedProject();
        const dir = join(base, "from-tarball");
        mkdirSync(join(dir, "vendor"), { recursive: true });
        copyFileSync(tarball, join(dir, "vendor", basename(tarball)));
        expect(basename(tarball)).to.equal(`pulumi-dcs-jobs-${REPO_PACKAGE.version}.tgz`);
        await newProject(dir, `file:vendor/${basename(tarball)}`);
        expectInstalled(dir);
        await typeCheckPreviewUp(dir, "tarball");
    });
});
