import { setMaxListeners } from "events";
import { Socket } from "net";
import { DcsError } from "../../dcs";
import { ENGINE_EXIT_GRACE_MS, ENGINE_PROBE_INTERVAL_MS, ENGINE_PROBE_TIMEOUT_MS } from "./defaults";

/**
 * The Pulumi CLI starts the dynamic-provider host with the engine's address as its first argument
 * and never tells it when the CLI dies (a SIGKILL leaves the host orphaned, still waiting). A
 * result that cannot be delivered must not clear the resume journal, and polling for nobody wastes
 * the API's rate limit; so we probe the engine's port and abort every wait once it is gone.
 */
const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):(\d+)$/;

/** A running watch of the engine's port. */
interface EngineWatch {
    /** Aborts once an engine that answered stops answering. */
    signal: AbortSignal;
    /** Probes right now; true when the engine answers, or when it never answered (nothing to watch). */
    aliveNow(): Promise<boolean>;
}

let shared: EngineWatch | undefined;

/** A signal that aborts when the engine that started this process stops answering; undefined outside the host. */
export function engineSignal(argv: string[] = process.argv): AbortSignal | undefined {
    if (!shared) {
        shared = watchEngine(argv[2] ?? "");
        // Every concurrent wait of the deployment listens on this one signal; hundreds are expected.
        if (shared) setMaxListeners(0, shared.signal);
        // Nobody is left to answer: give in-flight work a moment to unwind, then leave instead of lingering.
        shared?.signal.addEventListener("abort", () => setTimeout(() => process.exit(0), ENGINE_EXIT_GRACE_MS).unref());
    }
    return shared?.signal;
}

/**
 * Probes the engine right now. The watcher needs two failed probes (2–4 s) to call the engine gone,
 * and a job can finish inside that window; before dropping the resume journal, ask directly.
 */
export async function engineAliveNow(): Promise<boolean> {
    return shared ? shared.aliveNow() : true;
}

/** Probes a loopback `host:port`; the signal aborts after two failed probes following a good one. */
export function watchEngine(address: string, intervalMs = ENGINE_PROBE_INTERVAL_MS): EngineWatch | undefined {
    const match = LOOPBACK_ADDRESS.exec(address);
    if (!match) return undefined;
    const controller = new AbortController();
    const [host, port] = [match[1].replace(/^\[|\]$/g, ""), Number(match[2])];
    // Never reached at all means no engine to watch (e.g. a test harness), not a dead one.
    let everReached = false;
    let failures = 0;
    const probe = async () => {
        if (await reachable(host, port)) {
            everReached = true;
            failures = 0;
        } else if (everReached && ++failures >= 2) {
            clearInterval(timer);
            controller.abort(new DcsError("the Pulumi engine that started this provider has exited"));
        }
    };
    void probe();
    const timer = setInterval(() => void probe(), intervalMs);
    timer.unref();
    return {
        signal: controller.signal,
        aliveNow: async () => !controller.signal.aborted && (!everReached || (await reachable(host, port))),
    };
}

function reachable(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = new Socket();
        const done = (alive: boolean) => {
            socket.destroy();
            resolve(alive);
        };
        socket.setTimeout(ENGINE_PROBE_TIMEOUT_MS, () => done(true)); // slow is not dead
        socket.once("connect", () => done(true));
        socket.once("error", () => done(false));
        socket.connect(port, host);
    });
}
