/**
 * A small harness around the real Pulumi CLI (the one scripts/pulumi-cli.sh chose: a `pulumi` on
 * PATH, else `.tools/bin/pulumi` built from Go modules) for the end-to-end suite: a file backend, a private PULUMI_HOME
 * and resume journal, every command's output, exit code and duration recorded, and a way to start
 * `pulumi up` in the background and SIGKILL it mid-run.
 */
import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "fs";
import { dirname, join } from "path";
import { REPO_ROOT, RunError, RunResult, run } from "../support/packed-project";

/** The build from Go modules (scripts/install-pulumi-cli.sh) and our launchers beside it. */
const BUILT_DIR = join(REPO_ROOT, ".tools", "bin");
/** The CLI scripts/pulumi-cli.sh chose (a user's own `pulumi` first), else the build. */
export const PULUMI = process.env.DCS_JOBS_PULUMI_BIN || join(BUILT_DIR, "pulumi");
/** Its directory goes first on PATH, so that its own language host and provider launchers are used. */
export const BIN_DIR = dirname(PULUMI);

let announced = false;

/** Fails (never skips) when the CLI or, for the build, its launchers are missing; says once which CLI runs. */
export async function assertCliInstalled(): Promise<void> {
    const built = BIN_DIR === BUILT_DIR;
    const needed = built
        ? [
              PULUMI,
              join(BIN_DIR, "pulumi-language-nodejs"),
              join(BIN_DIR, "pulumi-resource-pulumi-nodejs"),
              join(REPO_ROOT, "dist", "tools", "language-host", "index.js"),
          ]
        : [PULUMI];
    const missing = needed.filter((file) => !existsSync(file));
    if (missing.length) {
        throw new Error(
            `the e2e suite needs a Pulumi CLI, missing: ${missing.join(", ")}. ` +
                'Run `eval "$(bash scripts/pulumi-cli.sh)"` (after `npm ci` and `npm run build`); `npm test` does it before the tests.',
        );
    }
    if (announced) return;
    announced = true;
    const { stdout } = await run(PULUMI, ["version"], { cwd: REPO_ROOT });
    console.log(
        `      e2e: pulumi ${stdout.trim()} at ${PULUMI} (${built ? "built from Go modules, with our test language hosts" : "the user's own, with its own language hosts"})`,
    );
}

export interface CliResult {
    args: string[];
    code: number | null;
    stdout: string;
    stderr: string;
    /** stdout + stderr. */
    output: string;
    durationMs: number;
}

export interface CliOptions {
    /** The Pulumi program dir (Pulumi.yaml, index.js, node_modules). */
    cwd: string;
    /** Holds state/ (unless `stateDir` is given), home/ and journal/. */
    workDir: string;
    /**
     * The file backend's directory; default `<workDir>/state`. Pass another `PulumiCli`'s
     * `stateDir` to model a second runner (own PULUMI_HOME and journal) on the same backend.
     */
    stateDir?: string;
    passphrase?: string;
}

/** Variables that would point the CLI or the provider at something other than this test's setup. */
const SCRUBBED = /^(OS_|HW_|DCS_|PULUMI_)/;

export class PulumiCli {
    readonly history: CliResult[] = [];
    readonly stateDir: string;
    readonly homeDir: string;
    readonly journalDir: string;
    readonly env: NodeJS.ProcessEnv;

    constructor(readonly options: CliOptions) {
        this.stateDir = options.stateDir ?? join(options.workDir, "state");
        this.homeDir = join(options.workDir, "home");
        this.journalDir = join(options.workDir, "journal");
        for (const dir of [this.stateDir, this.homeDir]) mkdirSync(dir, { recursive: true });
        const env: NodeJS.ProcessEnv = {};
        for (const [key, value] of Object.entries(process.env)) if (!SCRUBBED.test(key)) env[key] = value;
        this.env = {
            ...env,
            PATH: `${BIN_DIR}:${process.env.PATH ?? ""}`,
            PULUMI_BACKEND_URL: `file://${this.stateDir}`,
            PULUMI_HOME: this.homeDir,
            PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            DCS_JOBS_JOURNAL_DIR: this.journalDir,
        };
    }

    /** Runs `pulumi <args>`; rejects on an exit code other than `expect` ("ok" = 0, "fail" = non-zero). */
    async run(args: string[], expect: "ok" | "fail" | "any" = "ok", timeoutMs = 120_000): Promise<CliResult> {
        const started = Date.now();
        let raw: RunResult;
        try {
            raw = await run(PULUMI, args, { cwd: this.options.cwd, env: this.env, timeoutMs });
        } catch (error) {
            if (!(error instanceof RunError)) throw error;
            raw = error.result;
        }
        const result = this.record(args, raw, Date.now() - started);
        if ((expect === "ok" && result.code !== 0) || (expect === "fail" && result.code === 0)) {
            throw new Error(
                `pulumi ${redactSecrets(args).join(" ")} exited with ${result.code}, expected ${expect === "ok" ? "0" : "non-zero"}\n${tail(result.output)}`,
            );
        }
        return result;
    }

    async stackInit(stack: string, plain: Record<string, string>, secrets: Record<string, string>): Promise<void> {
        await this.run(["stack", "init", stack, "--non-interactive"]);
        await this.setConfig(stack, plain, secrets);
    }

    /** One `pulumi config set-all` for every key. */
    async setConfig(stack: string, plain: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
        const args = ["config", "set-all", "-s", stack];
        for (const [key, value] of Object.entries(plain)) args.push("--plaintext", `${key}=${value}`);
        for (const [key, value] of Object.entries(secrets)) args.push("--secret", `${key}=${value}`);
        await this.run(args);
    }

    up(stack: string, expect: "ok" | "fail" | "any" = "ok", extra: string[] = []): Promise<CliResult> {
        return this.run(["up", "--yes", "--non-interactive", "--color", "never", "-s", stack, ...extra], expect);
    }

    preview(stack: string, extra: string[] = []): Promise<CliResult> {
        return this.run(["preview", "--non-interactive", "--color", "never", "-s", stack, ...extra]);
    }

    refresh(stack: string, extra: string[] = []): Promise<CliResult> {
        return this.run(["refresh", "--yes", "--non-interactive", "--color", "never", "-s", stack, ...extra]);
    }

    destroy(stack: string): Promise<CliResult> {
        return this.run(["destroy", "--yes", "--non-interactive", "--color", "never", "-s", stack]);
    }

    /** `pulumi stack export` (secrets stay encrypted): the raw text and the parsed deployment. */
    async exportStack(stack: string): Promise<{ text: string; deployment: Deployment }> {
        const result = await this.run(["stack", "export", "-s", stack]);
        return { text: result.stdout, deployment: JSON.parse(result.stdout).deployment };
    }

    async outputs(stack: string): Promise<Record<string, any>> {
        return JSON.parse((await this.run(["stack", "output", "--json", "-s", stack])).stdout);
    }

    /** `pulumi plugin install resource dcs <version> --file <release tarball>`, into this runner's PULUMI_HOME. */
    async installPlugin(release: string): Promise<void> {
        const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version;
        await this.run(["plugin", "install", "resource", "dcs", version, "--file", release]);
    }

    /** Starts `pulumi up` without waiting; the caller watches its output and may SIGKILL it. */
    spawnUp(stack: string): BackgroundCli {
        const args = ["up", "--yes", "--non-interactive", "--color", "never", "-s", stack];
        return new BackgroundCli(spawn(PULUMI, args, { cwd: this.options.cwd, env: this.env, stdio: ["ignore", "pipe", "pipe"] }), args, (r, ms) =>
            this.record(args, r, ms),
        );
    }

    /**
     * The resume journal's entries: one JSON file per in-flight operation, named after its intent
     * id and holding the operation record (status, jobId, taskId, sentAt, api).
     */
    journal(): JournalEntry[] {
        if (!existsSync(this.journalDir)) return [];
        // Resume entries only (keyed by intent id); `sent-`, `used-` and `retired-` notes outlive them by design.
        return readdirSync(this.journalDir)
            .filter((f) => /^[0-9a-f]{32}\.json$/.test(f))
            .map((file) => ({ file, ...JSON.parse(readFileSync(join(this.journalDir, file), "utf8")) }));
    }

    /** `e2e: N pulumi commands, total X s` plus one line per command, the values of `--secret` hidden. */
    summary(): string {
        const total = this.history.reduce((sum, r) => sum + r.durationMs, 0);
        const lines = this.history.map(
            (r) => `  ${(r.durationMs / 1000).toFixed(1).padStart(6)} s  exit ${String(r.code).padEnd(4)} pulumi ${redactSecrets(r.args).join(" ")}`,
        );
        return [...lines, `e2e: ${this.history.length} pulumi commands, total ${(total / 1000).toFixed(1)} s`].join("\n");
    }

    private record(args: string[], raw: RunResult, durationMs: number): CliResult {
        const result = { args, code: raw.code, stdout: raw.stdout, stderr: raw.stderr, output: `${raw.stdout}\n${raw.stderr}`, durationMs };
        this.history.push(result);
        return result;
    }
}

/** A `pulumi up` running in the background. */
export class BackgroundCli {
    private stdout = "";
    private stderr = "";
    private readonly started = Date.now();
    readonly done: Promise<CliResult>;

    constructor(
        readonly child: ChildProcess,
        readonly args: string[],
        record: (r: RunResult, ms: number) => CliResult,
    ) {
        this.child.stdout!.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
        this.child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
        // "exit", not "close": a plugin that outlives a killed CLI must not hold this open.
        this.done = new Promise((resolve) =>
            this.child.on("exit", (code) => resolve(record({ code, stdout: this.stdout, stderr: this.stderr }, Date.now() - this.started))),
        );
    }

    get output(): string {
        return `${this.stdout}\n${this.stderr}`;
    }

    /** Resolves with the first match of `pattern` in the output; rejects on timeout or exit. */
    waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
        return new Promise((resolve, reject) => {
            const deadline = Date.now() + timeoutMs;
            const tick = () => {
                const match = this.output.match(pattern);
                if (match) return resolve(match);
                if (this.child.exitCode !== null)
                    return reject(new Error(`pulumi exited (${this.child.exitCode}) before printing ${pattern}\n${tail(this.output)}`));
                if (Date.now() > deadline) return reject(new Error(`no ${pattern} in pulumi's output after ${timeoutMs} ms\n${tail(this.output)}`));
                setTimeout(tick, 25);
            };
            tick();
        });
    }
}

export interface JournalEntry {
    /** `<intentId>.json`. */
    file: string;
    status: string;
    jobId?: string;
    taskId?: string;
}

export interface Deployment {
    resources?: { urn: string; type: string; id?: string; inputs?: Record<string, any>; outputs?: Record<string, any>; initErrors?: string[] }[];
    pending_operations?: { type: string; resource: { urn: string } }[];
}

// ---- processes (Linux /proc) ------------------------------------------------------------------

export interface ProcessInfo {
    pid: number;
    cmdline: string;
}

/** Every live descendant of `root` (plugins the CLI started), read from /proc; [] elsewhere. */
export function descendants(root: number): ProcessInfo[] {
    if (!existsSync("/proc")) return [];
    const children = new Map<number, number[]>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // exited meanwhile
        }
    }
    const out: ProcessInfo[] = [];
    const queue = [...(children.get(root) ?? [])];
    while (queue.length) {
        const pid = queue.shift()!;
        const cmdline = cmdlineOf(pid);
        if (cmdline !== undefined) out.push({ pid, cmdline });
        queue.push(...(children.get(pid) ?? []));
    }
    return out;
}

/** The processes of `recorded` still alive as the same program (pid reuse is checked by cmdline). */
export function stillAlive(recorded: ProcessInfo[]): ProcessInfo[] {
    return recorded.filter((p) => cmdlineOf(p.pid) === p.cmdline);
}

/** SIGKILLs, by pid, those of `recorded` that are still alive; returns them. */
export function killLeftovers(recorded: ProcessInfo[]): ProcessInfo[] {
    const alive = stillAlive(recorded);
    for (const p of alive) {
        try {
            process.kill(p.pid, "SIGKILL");
        } catch {
            // gone meanwhile
        }
    }
    return alive;
}

/** User + system CPU time of a process, from /proc (assumes the usual 100 clock ticks a second). */
export function cpuSeconds(pid: number): number {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return 0;
    }
}

function cmdlineOf(pid: number): string | undefined {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
    } catch {
        return undefined;
    }
}

/** `args` with the value of every `--secret key=value` replaced by `[secret]`. */
export function redactSecrets(args: readonly string[]): string[] {
    return args.map((arg, i) => (args[i - 1] === "--secret" ? arg.replace(/=.*$/s, "=[secret]") : arg));
}

function tail(text: string, max = 6000): string {
    return text.length > max ? `…${text.slice(-max)}` : text;
}

/**
 * A runner's machine is gone: SIGKILL the background CLI and every process it started (language
 * host, program, the `provider` process: by default the dynamic-provider host), by pid, and check none survives. Nothing of it may talk
 * to DCS afterwards.
 */
export async function killMachine(up: BackgroundCli, provider: RegExp = /pulumi-resource-pulumi-nodejs|dynamic/): Promise<ProcessInfo[]> {
    const plugins = descendants(up.child.pid!);
    expect(
        plugins.some((p) => provider.test(p.cmdline)),
        `the provider (${provider.source}) among the runner's processes:\n  ${plugins.map((p) => `${p.pid} ${p.cmdline.slice(0, 120)}`).join("\n  ")}`,
    ).to.equal(true);
    process.kill(up.child.pid!, "SIGKILL");
    killLeftovers(plugins);
    const killed = await up.done;
    expect(killed.code, "killed CLI has no exit code").to.equal(null);
    await new Promise((r) => setTimeout(r, 200));
    expect(stillAlive(plugins), "the runner's processes still alive after SIGKILL").to.deep.equal([]);
    return plugins;
}

/** Polls `condition` every 100 ms; throws naming `what` after `maxMs`. */
export async function until(what: string, condition: () => boolean, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`${what}: not after ${maxMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** The state entry of the resource named `name` (the last part of its URN). */
export function resource(deployment: Deployment, name: string): NonNullable<Deployment["resources"]>[number] | undefined {
    return deployment.resources?.find((r) => r.urn.endsWith(`::${name}`));
}

/** The "Diagnostics:" sections of a command's output (preview and update), for failure messages. */
export function diagnostics(result: CliResult): string {
    const sections = result.output.split(/^Diagnostics:$/m).slice(1);
    return sections.map((section) => section.split(/^(Outputs|Resources):$/m)[0].trim()).join("\n---\n") || result.output.slice(-4000);
}

/** Logs how long a command took and how it exited, and hands its result on. */
export function timed(label: string, result: CliResult): CliResult {
    console.log(`      ${label}: ${(result.durationMs / 1000).toFixed(1)} s, exit ${result.code}`);
    return result;
}
