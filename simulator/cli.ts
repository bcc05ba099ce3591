import { CliArgs, USAGE, parseCli } from "./cli-args";
import { RequestLogEntry, describeBehaviour, startSimulator } from "./index";

function logLine(e: RequestLogEntry): void {
    console.log(`${new Date().toISOString()} ${e.method} ${e.path} -> ${e.status} (${e.operation}, ${e.durationMs} ms, ${e.requestId})`);
}

async function main(): Promise<void> {
    let args: CliArgs;
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
        ...args.behaviour,
    });
    console.log(`DCS simulator listening on ${sim.url}`);
    console.log(`# API behaviour: ${describeBehaviour(sim.behaviour())}`);
    console.log("# Point a DCS client at it (fixed demo credentials, not real ones):");
    for (const [name, value] of Object.entries(sim.env)) console.log(`export ${name}=${value}`);
    console.log(`# Admin API: ${sim.url}/__admin/counters, /__admin/jobs, POST /__admin/instances/<uuid>, /__admin/faults, /__admin/behaviour, /__admin/reset`);

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
