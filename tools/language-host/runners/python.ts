/**
 * Python: `<python> -u python/exec.py <flags> <entry point>`, our stand-in for Pulumi's
 * `pulumi-language-python-exec` (it configures the SDK and runs `__main__.py` in the stack). The
 * interpreter is the one of Pulumi.yaml's `virtualenv` option (relative to Pulumi.yaml's directory,
 * as Pulumi's own host resolves it), else `python3` from PATH.
 */
import { existsSync } from "fs";
import * as path from "path";
import { configEnv } from "../config-env";
import { Launch, RunFacts } from "./types";

/** exec.py is not compiled: from dist/tools/language-host/runners, use the one in the sources. */
export const EXEC_PY = path.resolve(__dirname, "..", "python", "exec.py").replace(`${path.sep}dist${path.sep}tools${path.sep}`, `${path.sep}tools${path.sep}`);

/** The interpreter when Pulumi.yaml names no virtualenv: from PATH, as Pulumi's own host does. */
export const DEFAULT_PYTHON = "python3";

export function pythonRunner(facts: RunFacts): Launch {
    const env = configEnv(facts.config, facts.secretKeys, "as-sent");
    let python = DEFAULT_PYTHON;
    const virtualenv = facts.options.virtualenv;
    if (virtualenv !== undefined) {
        if (typeof virtualenv !== "string") throw new Error("the virtualenv option must be a string");
        const dir = path.resolve(facts.rootDir || facts.programDir, virtualenv);
        python = path.join(dir, "bin", "python");
        if (!existsSync(python)) throw new Error(`the virtualenv option names ${dir}, which has no bin/python: create it with 'python3 -m venv ${dir}'`);
        // What activating the venv does, for anything the program starts.
        env.VIRTUAL_ENV = dir;
        env.PATH = `${path.join(dir, "bin")}${path.delimiter}${process.env.PATH ?? ""}`;
    }
    const args = ["-u", EXEC_PY];
    const flag = (name: string, value: string | number | boolean) => {
        if (value !== "") args.push(`--${name}`, String(value));
    };
    flag("monitor", facts.monitor);
    flag("engine", facts.engine);
    flag("project", facts.project);
    flag("stack", facts.stack);
    flag("organization", facts.organization);
    flag("root_directory", facts.rootDir);
    flag("pwd", facts.programDir);
    flag("dry_run", facts.dryRun);
    flag("parallel", facts.parallel);
    args.push(facts.entryPoint, ...facts.args);
    return { command: python, args, cwd: facts.programDir, env };
}
