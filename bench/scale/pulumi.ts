/** Running the real Pulumi CLI (the one scripts/pulumi-cli.sh chose) against a local file backend under bench/results/tmp. */
import { spawn } from "child_process";
import { createWriteStream, mkdirSync } from "fs";
import { dirname, join } from "path";
import { run } from "../../test/support/packed-project";
import { REPO_ROOT, TMP_DIR } from "../lib/results";

export const PULUMI = process.env.DCS_JOBS_PULUMI_BIN || join(REPO_ROOT, ".tools", "bin", "pulumi");
export const PULUMI_BIN_DIR = dirname(PULUMI);

/** Isolated from the user's Pulumi setup and from any DCS credentials in the environment. */
export function pulumiEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) {
        if (/^(OS|HW)_/.test(key) || key === "DCS_ENDPOINT" || key === "DCS_MAX_REQUESTS_PER_SECOND") delete env[key];
    }
    mkdirSync(join(TMP_DIR, "state"), { recursive: true });
    mkdirSync(join(TMP_DIR, "home"), { recursive: true });
    return {
        ...env,
        PATH: `${PULUMI_BIN_DIR}:${env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${join(TMP_DIR, "state")}`,
        PULUMI_HOME: join(TMP_DIR, "home"),
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        DCS_JOBS_JOURNAL_DIR: join(TMP_DIR, "journal"),
    };
}

/** `pulumi stack init` + one `config set-all` (the secret key encrypted, as a user would set it). */
export async function initStack(dir: string, stack: string, plain: Record<string, string>, secret: Record<string, string>): Promise<void> {
    const env = pulumiEnv();
    await run(PULUMI, ["stack", "init", stack, "--non-interactive"], { cwd: dir, env });
    const args = ["config", "set-all", "--stack", stack];
    for (const [k, v] of Object.entries(plain)) args.push("--plaintext", `${k}=${v}`);
    for (const [k, v] of Object.entries(secret)) args.push("--secret", `${k}=${v}`);
    await run(PULUMI, args, { cwd: dir, env });
}

export interface UpResult {
    code: number | null;
    /** Epoch ms when the CLI was started. */
    startedAt: number;
    wallMs: number;
    logFile: string;
}

/**
 * `pulumi up --yes` (preview included, as users run it). `onStart` receives the CLI's pid so a
 * sampler can watch its process tree. Output goes to a log file, not the console.
 */
export function pulumiUp(dir: string, stack: string, parallel: number, onStart?: (pid: number) => void, extraEnv: NodeJS.ProcessEnv = {}): Promise<UpResult> {
    const logFile = join(TMP_DIR, `${stack}.log`);
    const log = createWriteStream(logFile);
    const started = process.hrtime.bigint();
    const startedAt = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(PULUMI, ["up", "--yes", "--non-interactive", "--stack", stack, "--parallel", String(parallel)], {
            cwd: dir,
            env: { ...pulumiEnv(), ...extraEnv },
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.pipe(log, { end: false });
        child.stderr.pipe(log, { end: false });
        if (child.pid !== undefined) onStart?.(child.pid);
        const timer = setTimeout(() => child.kill("SIGINT"), 12 * 60_000);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            log.end(() => resolve({ code, startedAt, wallMs, logFile }));
        });
    });
}

export interface StateResource {
    urn: string;
    type: string;
    outputs?: Record<string, unknown>;
    initErrors?: string[];
}

export async function exportStack(dir: string, stack: string): Promise<StateResource[]> {
    const { stdout } = await run(PULUMI, ["stack", "export", "--stack", stack], { cwd: dir, env: pulumiEnv() });
    return (JSON.parse(stdout).deployment?.resources ?? []) as StateResource[];
}
