/**
 * A throw-away Node project with this package installed from its `npm pack` tarball, exactly as a
 * user gets it: a real directory under node_modules (never a symlink or `file:` dir dependency,
 * which Pulumi would serialize by value,
 * https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/closure/createClosure.ts), next to the repo's exact
 * `@pulumi/pulumi` version. Built once per mocha process (per file in parallel workers) and shared by the suites that need it.
 */
import { spawn } from "child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { rm } from "fs/promises";
import { createRequire } from "module";
import { tmpdir } from "os";
import { join, resolve } from "path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

export interface PackedProject {
    /** The temp project; `node_modules/pulumi-dcs-jobs` is the unpacked tarball. */
    dir: string;
    /** The `.tgz` that was installed. */
    tarball: string;
}

export interface RunOptions {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    /** Kill the child after this long; default 5 min for `run`, 2 min for `runProcess`. */
    timeoutMs?: number;
    /** Text written to stdin (then closed). */
    input?: string;
}

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

export class RunError extends Error {
    constructor(
        readonly cmd: string,
        readonly result: RunResult,
    ) {
        super(`${cmd} exited with ${result.code}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`);
    }
}

/** A finished process; `ms` is how long it ran. */
export interface Proc extends RunResult {
    ms: number;
}

/**
 * Runs a command without a shell and without blocking the event loop (a simulator may answer from
 * this same process). Resolves with any exit code; rejects only when the command cannot start.
 */
export function runProcess(cmd: string, args: string[], options: Partial<RunOptions> = {}): Promise<Proc> {
    const started = Date.now();
    return new Promise((resolvePromise, reject) => {
        const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
        child.on("error", (error) => {
            clearTimeout(timer);
            reject(new Error(`cannot run ${cmd}: ${error.message}`));
        });
        child.on("close", (code) => {
            clearTimeout(timer);
            resolvePromise({ code, stdout, stderr, ms: Date.now() - started });
        });
        // A child that exits without reading its stdin (git, npm) makes this write fail with EPIPE: that is
        // no error of the command, and unhandled it would crash the test process.
        child.stdin.on("error", () => {});
        child.stdin.end(options.input ?? "");
    });
}

/** Runs a command without a shell; rejects with `RunError` (both streams included) on a non-zero exit. */
export async function run(cmd: string, args: string[], options: RunOptions): Promise<RunResult> {
    const { code, stdout, stderr } = await runProcess(cmd, args, { ...options, timeoutMs: options.timeoutMs ?? 300_000 });
    const result = { code, stdout, stderr };
    if (code !== 0) throw new RunError(`${cmd} ${args.join(" ")}`, result);
    return result;
}

/** `require` as seen from the packed project: resolves its node_modules, not the repo's. */
export function projectRequire(dir: string): NodeRequire {
    return createRequire(join(dir, "package.json"));
}

/**
 * The exact `@pulumi/pulumi` version installed into the packed project: the repo's own, or
 * `PULUMI_SDK_VERSION` (CI runs the provider-host suite again at the peer range's floor, 3.139.0).
 */
export function repoPulumiVersion(): string {
    return process.env.PULUMI_SDK_VERSION || JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
}

const tempDirs: string[] = [];
let prepared: Promise<PackedProject> | undefined;

/** Memoized per process: the first call packs and installs (~10-30 s), later calls reuse the project. */
export function preparePackedProject(): Promise<PackedProject> {
    prepared ??= build();
    return prepared;
}

async function build(): Promise<PackedProject> {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    if (!existsSync(join(REPO_ROOT, "dist", "provider", "index.js"))) await run(npm, ["run", "build"], { cwd: REPO_ROOT });

    const tarball = process.env.DCS_JOBS_TARBALL || (await pack(npm));
    if (!existsSync(tarball)) throw new Error(`${tarball} (the package tarball) does not exist`);

    const dir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-"));
    tempDirs.push(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "dcs-jobs-e2e", version: "0.0.0", private: true, license: "UNLICENSED" }, null, 2));
    await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--save-exact", tarball, `@pulumi/pulumi@${repoPulumiVersion()}`], { cwd: dir });

    const installed = join(dir, "node_modules", "pulumi-dcs-jobs");
    if (lstatSync(installed).isSymbolicLink()) throw new Error(`${installed} is a symlink; the tarball must be installed as a real directory`);
    return { dir, tarball };
}

/**
 * `npm pack` runs `prepare` (tsc into dist/): parallel test workers must not each do it, since one
 * would read dist/ while another rewrites it. scripts/test-all.sh packs once and passes the tarball
 * as `DCS_JOBS_TARBALL`.
 */
async function pack(npm: string): Promise<string> {
    const packDir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-pack-"));
    tempDirs.push(packDir);
    const packed = await run(npm, ["pack", "--json", "--pack-destination", packDir], { cwd: REPO_ROOT });
    return join(packDir, parsePackJson(packed.stdout));
}

/** `npm pack --json` prints an array of one entry; lifecycle output could precede it. */
function parsePackJson(stdout: string): string {
    const start = stdout.indexOf("[");
    const entries = JSON.parse(stdout.slice(start)) as { filename: string }[];
    if (!entries[0]?.filename) throw new Error(`unexpected npm pack output: ${stdout}`);
    // npm 7+ names scoped packages "scope-name-1.0.0.tgz" in `filename`; keep only the base name.
    return entries[0].filename
        .replace(/^.*[\\/]/, "")
        .replace(/^@/, "")
        .replace(/\//, "-");
}

/** Removes every temp dir made here, unless KEEP_E2E_DIR=1. */
export async function cleanupPackedProjects(): Promise<void> {
    if (process.env.KEEP_E2E_DIR === "1") {
        if (tempDirs.length) console.log(`KEEP_E2E_DIR=1: leaving ${tempDirs.join(", ")}`);
        return;
    }
    prepared = undefined;
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
}

function tail(text: string, max = 4000): string {
    return text.length > max ? `…${text.slice(-max)}` : text;
}
