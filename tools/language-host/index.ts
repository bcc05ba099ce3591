/**
 * A minimal Pulumi language host for Node.js, Python and Go programs: test tooling for the offline
 * route only.
 *
 * Why: the Pulumi CLI is built here from Go modules, but the Go module proxy refuses the upstream
 * language-host modules (`github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3`,
 * `…/sdk/python/cmd/pulumi-language-python/v3`, `…/sdk/go/pulumi-language-go/v3`: 403), so
 * `pulumi up` would have nothing to run a `runtime: nodejs|python|go` program with. This host
 * implements the part of the `LanguageRuntime` gRPC service that `pulumi preview/up/refresh/destroy`
 * need: it starts the program as Pulumi's own host for that language does (runners/<runtime>.ts) and
 * reports its exit. `.tools/bin/pulumi-language-<runtime>` (scripts/install-pulumi-cli.sh) starts it
 * with `--runtime <runtime>` (default nodejs). Users with a normal Pulumi install never use it.
 */
import { ChildProcess, spawn } from "child_process";
import { rmSync } from "fs";
import { createRequire } from "module";
import { goRunner } from "./runners/go";
import { nodejsRunner } from "./runners/nodejs";
import { pythonRunner } from "./runners/python";
import { Command, Launch, RunFacts, Runner } from "./runners/types";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js");
const lang = pulumiRequire("./proto/language_pb");
const langGrpc = pulumiRequire("./proto/language_grpc_pb");
const plugin = pulumiRequire("./proto/plugin_pb");
const empty = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

const RUNNERS: Record<string, Runner> = { nodejs: nodejsRunner, python: pythonRunner, go: goRunner };

/** The version we report: the CLI's, since the engine compares them. */
const VERSION = process.env.PULUMI_LANGUAGE_HOST_VERSION ?? "3.274.1";
/**
 * Every SDK's runner exits with this after it already showed the user an actionable message
 * (`@pulumi/pulumi/cmd/run`, our python/exec.py, the Go SDK's `pulumi.Run`): the run then bails.
 */
const BAIL_EXIT_CODE = 32;

/** `[--runtime <nodejs|python|go>] <engine address>`: the launcher adds the first, the CLI the second. */
function parseArgs(argv: string[]): { runtime: string; engine: string } {
    let runtime = "nodejs";
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--runtime") runtime = argv[++i] ?? "";
        else rest.push(argv[i]);
    }
    return { runtime, engine: rest.find((arg) => !arg.startsWith("-")) ?? "" };
}

const cli = parseArgs(process.argv.slice(2));
let engineAddress = cli.engine;
const running = new Set<ChildProcess>();

type Callback = (error: unknown, response?: unknown) => void;
// The request types come from generated JavaScript without typings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Call = { request: any; on(event: string, listener: () => void): void; end?: () => void };

function service(runner: Runner) {
    return {
        handshake(call: Call, callback: Callback) {
            engineAddress = call.request.getEngineAddress() || engineAddress;
            callback(null, new lang.LanguageHandshakeResponse());
        },
        getPluginInfo(_call: Call, callback: Callback) {
            const info = new plugin.PluginInfo();
            info.setVersion(VERSION);
            callback(null, info);
        },
        // None: the engine loads the resource plugins a program registers on demand.
        getRequiredPlugins(_call: Call, callback: Callback) {
            callback(null, new lang.GetRequiredPluginsResponse());
        },
        getRequiredPackages(_call: Call, callback: Callback) {
            callback(null, new lang.GetRequiredPackagesResponse());
        },
        getProgramDependencies(_call: Call, callback: Callback) {
            callback(null, new lang.GetProgramDependenciesResponse());
        },
        about(_call: Call, callback: Callback) {
            const about = new lang.AboutResponse();
            about.setExecutable(process.execPath);
            about.setVersion(process.version);
            callback(null, about);
        },
        // The tests install a program's dependencies themselves.
        installDependencies(call: Call) {
            call.end?.();
        },
        cancel(_call: Call, callback: Callback) {
            for (const child of running) child.kill("SIGINT");
            callback(null, new empty.Empty());
        },
        run(call: Call, callback: Callback) {
            let launch: Launch;
            try {
                launch = runner(runFacts(call.request));
            } catch (error) {
                return callback(null, runResponse((error as Error).message));
            }
            let finished = false;
            // Once: a child that cannot start may report both "error" and "exit".
            const finish = (error: string, bail = false) => {
                if (finished) return;
                finished = true;
                if (launch.cleanup) rmSync(launch.cleanup, { force: true });
                callback(null, runResponse(error, bail));
            };
            const program = () => {
                const child = start(launch, "inherit");
                call.on("cancelled", () => child.kill("SIGINT"));
                child.on("error", (error) => finish(`could not run the program: ${error.message}`));
                child.on("exit", (code, signal) => {
                    if (code === 0) return finish("");
                    if (code === BAIL_EXIT_CODE) return finish("", true);
                    finish(signal ? `Program was stopped by ${signal}` : `Program exited with non-zero exit code: ${code}`);
                });
            };
            if (!launch.build) return program();

            // A compile error is the run's error, with the compiler's output.
            const build = launch.build;
            const child = start(build, "pipe");
            call.on("cancelled", () => child.kill("SIGINT"));
            let output = "";
            child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
            child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
            child.on("error", (error) => finish(`could not run ${build.command}: ${error.message}`));
            child.on("close", (code) => (code === 0 ? program() : finish(`${build.command} ${build.args[0]} failed (exit ${code}):\n${output.trim()}`)));
        },
    };
}

/** Spawns `command` with the host's environment plus its own, tracked for `cancel`. */
function start(command: Command, stdio: "inherit" | "pipe"): ChildProcess {
    const child = spawn(command.command, command.args, { cwd: command.cwd, env: { ...process.env, ...command.env }, stdio: ["ignore", stdio, stdio] });
    running.add(child);
    child.on("exit", () => running.delete(child));
    child.on("error", () => running.delete(child));
    return child;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function runFacts(req: any): RunFacts {
    const info = req.getInfo();
    return {
        monitor: req.getMonitorAddress(),
        engine: engineAddress,
        organization: req.getOrganization(),
        project: req.getProject(),
        stack: req.getStack(),
        programDir: info?.getProgramDirectory() || req.getPwd(),
        rootDir: info?.getRootDirectory() ?? "",
        entryPoint: info?.getEntryPoint() || req.getProgram() || ".",
        args: req.getArgsList(),
        dryRun: req.getDryrun(),
        parallel: req.getParallel(),
        config: mapToObject(req.getConfigMap()),
        secretKeys: req.getConfigsecretkeysList(),
        options: info?.getOptions()?.toJavaScript() ?? {},
    };
}

function runResponse(error: string, bail = false) {
    const response = new lang.RunResponse();
    response.setError(error);
    response.setBail(bail);
    return response;
}

function mapToObject(map: { forEach(fn: (value: string, key: string) => void): void }): Record<string, string> {
    const out: Record<string, string> = {};
    map.forEach((value, key) => (out[key] = value));
    return out;
}

function main(): void {
    if (process.argv.includes("--version") || process.argv.includes("-version")) {
        console.log(VERSION);
        return;
    }
    const runner = RUNNERS[cli.runtime];
    if (!runner) {
        console.error(`language host: unknown --runtime '${cli.runtime}' (one of ${Object.keys(RUNNERS).join(", ")})`);
        process.exit(1);
    }
    // The CLI never tells a plugin it is gone; exit with it instead of lingering.
    const parent = process.ppid;
    setInterval(() => {
        try {
            process.kill(parent, 0);
        } catch {
            process.exit(0);
        }
    }, 1000).unref();

    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(langGrpc.LanguageRuntimeService, service(runner));
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error: Error | null, port: number) => {
        if (error) {
            console.error(`language host could not listen: ${error.message}`);
            process.exit(1);
        }
        // The first stdout line must be the port: that is how the CLI finds us.
        console.log(String(port));
    });
}

main();
