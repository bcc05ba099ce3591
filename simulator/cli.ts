import { parseArgs } from "node:util";
import { RequestLogEntry, startSimulator } from "./index";

const USAGE = `Usage: npm run simulator -- [--port 8787] [--host 127.0.0.1] [--scenario file.json]
                             [--rate-limit <requests per second>] [--retry-after <seconds>] [--quiet]`;

/** Parses the command line; throws with a readable message on bad input. */
function parseCli(argv: string[]) {
    const { values } = parseArgs({
        args: argv,
        options: {
            port: { type: "string", default: "8787" },
            host: { type: "string", default: "127.0.0.1" },
            scenario: { type: "string" },
            "rate-limit": { type: "string" },
            "retry-after": { type: "string" },
            quiet: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
        allowPositionals: false,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
    const rate = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
    if (rate !== undefined && !(rate > 0)) throw new Error(`--rate-limit must be a positive number, got ${values["rate-limit"]}`);
    const retryAfter = values["retry-after"] === undefined ? undefined : Number(values["retry-after"]);
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0))
        throw new Error(`--retry-after must be whole seconds, got ${values["retry-after"]}`);
    if (retryAfter !== undefined && rate === undefined) throw new Error("--retry-after needs --rate-limit");
    return { port, host: values.host!, scenario: values.scenario, rate, retryAfter, quiet: values.quiet!, help: values.help! };
}

function logLine(e: RequestLogEntry): void {
    console.log(`${new Date().toISOString()} ${e.method} ${e.path} -> ${e.status} (${e.operation}, ${e.durationMs} ms, ${e.requestId})`);
}

async function main(): Promise<void> {
    let args: ReturnType<typeof parseCli>;
    try {
        args = parseCli(process.argv.slice(2));
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        process.exitCode = 2;
        return;
    }
    if (args.help) {
        console.log(USAGE);
        return;
    }
    const sim = await startSimulator({
        port: args.port,
        host: args.host,
        scenarioFile: args.scenario,
        rateLimit: args.rate === undefined ? undefined : { requestsPerSecond: args.rate, retryAfterSeconds: args.retryAfter },
        onRequest: args.quiet ? undefined : logLine,
    });
    console.log(`DCS simulator listening on ${sim.url}`);
    console.log("# Point a DCS client at it (fixed demo credentials, not real ones):");
    for (const [name, value] of Object.entries(sim.env)) console.log(`export ${name}=${value}`);
    console.log(`# Admin API: ${sim.url}/__admin/counters, /__admin/jobs, POST /__admin/instances/<uuid>, /__admin/faults, /__admin/reset`);

    const shutdown = (signal: string) => {
        console.log(`${signal} received, stopping`);
        // Nothing else holds the event loop, so the process exits once the server has closed.
        void sim.stop().then(() => console.log("simulator stopped"));
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
    console.error(`simulator failed to start: ${(error as Error).message}`);
    process.exitCode = 1;
});
