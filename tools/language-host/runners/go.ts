/**
 * Go: `go build` the program in its directory into a temporary binary (or use Pulumi.yaml's
 * `binary` option, relative to the program's directory), then run it. The Go SDK's `pulumi.Run`
 * reads everything from the environment (sdk/v3/go/pulumi/run.go, `getEnvInfo`).
 */
import { randomBytes } from "crypto";
import { tmpdir } from "os";
import * as path from "path";
import { configEnv } from "../config-env";
import { Launch, RunFacts } from "./types";

export function goRunner(facts: RunFacts): Launch {
    const env: Record<string, string> = {
        PULUMI_MONITOR: facts.monitor,
        PULUMI_ENGINE: facts.engine,
        PULUMI_ORGANIZATION: facts.organization,
        PULUMI_PROJECT: facts.project,
        PULUMI_STACK: facts.stack,
        PULUMI_ROOT_DIRECTORY: facts.rootDir,
        PULUMI_DRY_RUN: String(facts.dryRun),
        PULUMI_PARALLEL: String(facts.parallel),
        ...configEnv(facts.config, facts.secretKeys, "as-sent"),
    };
    const binary = facts.options.binary;
    if (binary !== undefined) {
        if (typeof binary !== "string") throw new Error("the binary option must be a string");
        return { command: path.resolve(facts.programDir, binary), args: facts.args, cwd: facts.programDir, env };
    }
    const built = path.join(tmpdir(), `pulumi-go-program-${randomBytes(6).toString("hex")}`);
    return {
        build: { command: "go", args: ["build", "-o", built, "."], cwd: facts.programDir, env: {} },
        command: built,
        args: facts.args,
        cwd: facts.programDir,
        env,
        cleanup: built,
    };
}
