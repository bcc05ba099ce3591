/**
 * Node.js: `@pulumi/pulumi/cmd/run`, resolved from the program's directory (the program's own SDK),
 * with the flags and environment Pulumi's own `pulumi-language-nodejs` gives it.
 */
import { createRequire } from "module";
import * as path from "path";
import { configEnv } from "../config-env";
import { Launch, RunFacts } from "./types";

export function nodejsRunner(facts: RunFacts): Launch {
    let runPath: string;
    try {
        runPath = createRequire(path.join(facts.programDir, "noop.js")).resolve("@pulumi/pulumi/cmd/run");
    } catch {
        throw new Error(`could not find @pulumi/pulumi in ${facts.programDir}: run 'npm install' there`);
    }
    const args = [runPath];
    const flag = (name: string, value: string | number) => {
        if (value !== "") args.push(`--${name}`, String(value));
    };
    flag("monitor", facts.monitor);
    flag("engine", facts.engine);
    flag("organization", facts.organization);
    flag("project", facts.project);
    flag("root-directory", facts.rootDir);
    flag("stack", facts.stack);
    flag("pwd", facts.programDir);
    if (facts.dryRun) args.push("--dry-run");
    flag("parallel", facts.parallel);
    args.push(facts.entryPoint, ...facts.args);

    // The SDK's legacy key form, as Pulumi's Node host sends it (config-env.ts).
    const env = configEnv(facts.config, facts.secretKeys, "legacy");
    if (facts.options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (typeof facts.options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = facts.options.tsconfig;
    return { command: process.execPath, args, cwd: facts.programDir, env };
}
