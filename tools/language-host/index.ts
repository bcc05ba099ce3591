/**
 * A minimal Pulumi language host for Node.js programs, for the offline route only.
 *
 * Why: the Pulumi CLI is built here from Go modules, but the Go module proxy refuses the Node
 * language-host module (`github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3`),
 * so `pulumi up` would have nothing to run a `runtime: nodejs` program with. This host implements
 * the part of the `LanguageRuntime` gRPC service that `pulumi preview/up/refresh/destroy` need:
 * it starts `@pulumi/pulumi/cmd/run` for the program, exactly as Pulumi's own host does, and
 * reports its exit. Users with a normal Pulumi install never use it.
 */
import { spawn } from "child_process";
import { createRequire } from "module";
import * as path from "path";
import { configEnv } from "./config-env";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js");
const lang = pulumiRequire("./proto/language_pb");
const langGrpc = pulumiRequire("./proto/language_grpc_pb");
const plugin = pulumiRequire("./proto/plugin_pb");
const empty = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

/** The version we report: the CLI's, since the engine compares them. */
const VERSION = process.env.PULUMI_LANGUAGE_HOST_VERSION ?? "3.274.1";
/** `@pulumi/pulumi/cmd/run` exits with this after it already printed an actionable message. */
const BAIL_EXIT_CODE = 32;

let engineAddress = process.argv[2] ?? "";
const running = new Set<ReturnType<typeof spawn>>();

type Callback = (error: unknown, response?: unknown) => void;
// The request types come from generated JavaScript without typings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Call = { request: any; on(event: string, listener: () => void): void; end?: () => void };

const service = {
    handshake(call: Call, callback: Callback) {
        engineAddress = call.request.getEngineAddress() || engineAddress;
        callback(null, new lang.LanguageHandshakeResponse());
    },
    getPluginInfo(_call: Call, callback: Callback) {
        const info = new plugin.PluginInfo();
        info.setVersion(VERSION);
        callback(null, info);
    },
    // Our programs need no resource plugin besides the bundled pulumi-nodejs dynamic provider.
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
    installDependencies(call: Call) {
        call.end?.();
    },
    cancel(_call: Call, callback: Callback) {
        for (const child of running) child.kill("SIGINT");
        callback(null, new empty.Empty());
    },
    run(call: Call, callback: Callback) {
        const req = call.request;
        const info = req.getInfo();
        const programDir: string = info?.getProgramDirectory() || req.getPwd();
        const entryPoint: string = info?.getEntryPoint() || req.getProgram() || ".";
        const options = info?.getOptions()?.toJavaScript() ?? {};
        let runPath: string;
        try {
            runPath = createRequire(path.join(programDir, "noop.js")).resolve("@pulumi/pulumi/cmd/run");
        } catch {
            return callback(null, runResponse(`could not find @pulumi/pulumi in ${programDir}: run 'npm install' there`));
        }
        const args = [runPath];
        const flag = (name: string, value: unknown) => {
            if (value !== undefined && value !== "") args.push(`--${name}`, String(value));
        };
        flag("monitor", req.getMonitorAddress());
        flag("engine", engineAddress);
        flag("organization", req.getOrganization());
        flag("project", req.getProject());
        flag("root-directory", info?.getRootDirectory());
        flag("stack", req.getStack());
        flag("pwd", programDir);
        if (req.getDryrun()) args.push("--dry-run");
        flag("parallel", req.getParallel());
        args.push(entryPoint, ...req.getArgsList());

        const env: NodeJS.ProcessEnv = { ...process.env, ...configEnv(mapToObject(req.getConfigMap()), req.getConfigsecretkeysList()) };
        if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

        const child = spawn(process.execPath, args, { cwd: programDir, env, stdio: ["ignore", "inherit", "inherit"] });
        running.add(child);
        call.on("cancelled", () => child.kill("SIGINT"));
        child.on("error", (error) => {
            running.delete(child);
            callback(null, runResponse(`could not run the program: ${error.message}`));
        });
        child.on("exit", (code, signal) => {
            running.delete(child);
            if (code === 0) return callback(null, runResponse(""));
            if (code === BAIL_EXIT_CODE) return callback(null, runResponse("", true));
            callback(null, runResponse(signal ? `Program was stopped by ${signal}` : `Program exited with non-zero exit code: ${code}`));
        });
    },
};

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
    server.addService(langGrpc.LanguageRuntimeService, service);
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
