import { AddressInfo } from "node:net";
import { isLoopbackHost } from "../provider/dcs/validate";
import { DEFAULT_API_BEHAVIOUR, pickBehaviour, validateBehaviour } from "./behaviour";
import { SimulatorCore } from "./core";
import { DEFAULT_SCENARIO, loadScenarioFile, validateRateLimit, validateScenario } from "./scenario";
import { createSimServer } from "./server";
import { RunningSimulator, ScenarioFile, SimulatorOptions } from "./types";
import { DcsError } from "../provider/dcs/errors";

export * from "./types";
export { DEFAULT_SCENARIO } from "./scenario";
export { DEFAULT_API_BEHAVIOUR, FRIENDLY_TASK_LISTING, describeBehaviour } from "./behaviour";
export { DEFAULT_TASK_LIMIT, MAX_TASK_LIMIT } from "./task-list";

export const DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef";
/** A fixed demo key pair: the simulator protects nothing, and fixed values make env blocks copyable. */
export const DEFAULT_CREDENTIALS = Object.freeze({ accessKey: "SIMULATORACCESSKEY0001", secretKey: "simulator-secret-key-not-a-real-one" });
export const DEFAULT_TOKEN = "simulator-iam-token";
export const DEFAULT_JOB_RETENTION_MS = 60 * 60_000;

/** Starts a DCS API simulator on a loopback port. Rejects on bad options or a busy port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
    const host = options.host ?? "127.0.0.1";
    // The admin endpoints have no auth: never expose them beyond this machine.
    if (!isLoopbackHost(host)) throw new DcsError(`simulator host must be a loopback address (127.0.0.1, ::1, localhost), got ${JSON.stringify(host)}`);
    const file: ScenarioFile = options.scenarioFile ? await loadScenarioFile(options.scenarioFile) : {};
    const retention = options.jobRetentionMs ?? DEFAULT_JOB_RETENTION_MS;
    if (!(Number.isFinite(retention) && retention >= 0)) throw new DcsError("jobRetentionMs must be a number >= 0");
    const behaviour = { ...DEFAULT_API_BEHAVIOUR, ...pickBehaviour(file), ...validateBehaviour(pickBehaviour(options), "options") };

    const core = new SimulatorCore(
        {
            projectId: options.projectId ?? DEFAULT_PROJECT_ID,
            credentials: { ...(options.credentials ?? DEFAULT_CREDENTIALS) },
            token: options.token ?? DEFAULT_TOKEN,
            state: {
                defaultScenario: {
                    ...DEFAULT_SCENARIO,
                    ...file.defaultScenario,
                    ...(options.defaultScenario && validateScenario(options.defaultScenario, "defaultScenario")),
                },
                autoCreateInstances: options.autoCreateInstances ?? true,
                jobRetentionMs: retention,
            },
            initial: {
                instances: file.instances ?? {},
                faults: file.faults ?? [],
                rateLimit: options.rateLimit ? validateRateLimit(options.rateLimit) : file.rateLimit,
                behaviour,
            },
        },
        options.now,
    );

    const { server, delays } = createSimServer(core, options.onRequest);
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host.replace(/^\[|\]$/g, ""), () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(":") ? `[${host.replace(/^\[|\]$/g, "")}]` : host}:${port}`;
    const { projectId, credentials, token } = core.config;

    let stopping: Promise<void> | undefined;
    return {
        url,
        port,
        projectId,
        credentials: { ...credentials },
        token,
        env: { DCS_ENDPOINT: url, OS_ACCESS_KEY: credentials.accessKey, OS_SECRET_KEY: credentials.secretKey, OS_PROJECT_ID: projectId },
        stop: () =>
            (stopping ??= new Promise<void>((resolve) => {
                delays.cancelAll();
                server.close(() => resolve());
                // Keep-alive and in-flight (slow) sockets would otherwise hold close() open.
                server.closeAllConnections();
            })),
        setInstance: (id, scenario) => void core.setInstance(id, scenario),
        addFaults: (faults) => core.addFaults(faults),
        setBehaviour: (partial) => void core.setBehaviour(partial),
        behaviour: () => ({ ...core.behaviour }),
        setRateLimit: (limit) => core.setRateLimit(limit),
        counters: () => core.counterSnapshot(),
        resetCounters: () => core.resetCounters(),
        reset: () => core.reset(),
        instance: (id) => core.instance(id),
        jobs: () => core.jobs(),
        operatorSwap: (id, options) => core.operatorSwap(id, options),
        forgetFinished: () => core.forgetFinished(),
        clearFaults: () => core.clearFaults(),
    };
}
