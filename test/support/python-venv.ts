/**
 * A Python venv for a test, built once per (requirements file, Python version) under
 * $PULUMI_DCS_JOBS_CACHE_DIR or ${XDG_CACHE_HOME:-~/.cache}/pulumi-dcs-jobs (pip install from PyPI),
 * and reused by later runs. It is built in a temporary sibling and renamed into place, so a killed
 * build never looks ready. Only `bin/python` is used: the console scripts in bin/ carry the build
 * path in their shebangs.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { run, runProcess } from "./packed-project";

const READY_MARKER = ".pulumi-dcs-jobs-ready";

/** A ready venv. */
export interface Venv {
    python: string;
    dir: string;
    created: boolean;
    ms: number;
}

export interface VenvOptions {
    /** The requirements file; its content keys the cache. */
    requirements: string;
    /** Modules the venv must be able to find, checked once after a build. */
    modules: string[];
}

function venvPython(dir: string): string {
    return process.platform === "win32" ? join(dir, "Scripts", "python.exe") : join(dir, "bin", "python");
}

/** The venv for `options.requirements`, built on first use. */
export async function ensureVenv(options: VenvOptions): Promise<Venv> {
    const started = Date.now();
    const basePython = process.env.PYTHON ?? "python3";
    const probe = await runProcess(basePython, ["-c", "import sys; print(sys.version)"]).catch((error: Error) => {
        throw new Error(`${error.message}: this test needs Python 3 (set PYTHON to its path)`);
    });
    if (probe.code !== 0) throw new Error(`${basePython} failed: ${probe.stderr}`);
    const key = createHash("sha256").update(readFileSync(options.requirements)).update(probe.stdout).digest("hex").slice(0, 16);
    const root = process.env.PULUMI_DCS_JOBS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "pulumi-dcs-jobs");
    const label = basename(dirname(options.requirements));
    const dir = join(root, `${label}-venv-${key}`);
    if (existsSync(join(dir, READY_MARKER))) return { python: venvPython(dir), dir, created: false, ms: Date.now() - started };

    mkdirSync(root, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
        const venv = await runProcess(basePython, ["-m", "venv", tmp], { timeoutMs: 120_000 });
        if (venv.code !== 0) throw new Error(`python -m venv failed: ${venv.stderr}`);
        const pip = await runProcess(venvPython(tmp), ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", options.requirements], {
            timeoutMs: 480_000,
        });
        if (pip.code !== 0) throw new Error(`pip install -r ${options.requirements} failed (is PyPI reachable?):\n${pip.stderr.slice(-3000)}`);
        writeFileSync(join(tmp, READY_MARKER), `${key}\n${probe.stdout}`);
        if (existsSync(dir) && !existsSync(join(dir, READY_MARKER))) rmSync(dir, { recursive: true, force: true });
        try {
            renameSync(tmp, dir);
        } catch (error) {
            // Another run won the race: use its venv.
            if (!existsSync(join(dir, READY_MARKER))) throw error;
        }
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
    // find_spec, not import: importing some SDKs writes files (see test/system/python-sdk/FINDINGS.md).
    const specs = options.modules.map((module) => `u.find_spec(${JSON.stringify(module)})`).join(" and ");
    const smoke = await runProcess(venvPython(dir), ["-c", `import sys, importlib.util as u; sys.exit(0 if ${specs} else 1)`]);
    if (smoke.code !== 0) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`the new venv cannot find ${options.modules.join(", ")}: ${smoke.stderr}`);
    }
    return { python: venvPython(dir), dir, created: true, ms: Date.now() - started };
}

/**
 * `pip install <what…>` (a package folder, or `-r <requirements>`) into `target` instead of the venv:
 * a cached venv is shared by runs and suites, and stays as built. Programs find it on `PYTHONPATH`.
 * No dependencies are installed (the venv has them) and none fetched.
 */
export async function pipInstallInto(venv: Venv, target: string, what: string[], cwd: string): Promise<void> {
    const args = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "--no-deps", "--no-build-isolation", "--target", target, ...what];
    await run(venv.python, args, { cwd, timeoutMs: 300_000 });
}
