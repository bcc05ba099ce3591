import { Socket } from "net";

/**
 * The Pulumi CLI starts the dynamic-provider host with the engine's address as its first argument
 * and never tells it when the CLI dies (a SIGKILL leaves the host orphaned, still waiting). A
 * result that cannot be delivered must not clear the resume journal, and polling for nobody wastes
 * the API's rate limit; so we probe the engine's port and abort every wait once it is gone.
 */
const PROBE_INTERVAL_MS = 2000;

let shared: AbortController | undefined;

/** A signal that aborts when the engine that started this process stops answering; undefined outside the host. */
export function engineSignal(argv: string[] = process.argv): AbortSignal | undefined {
    shared ??= watchEngine(argv[2] ?? "");
    return shared?.signal;
}

/** True once the engine has been seen and then gone away. */
export function engineGone(): boolean {
    return shared?.signal.aborted ?? false;
}

/** Probes a loopback `host:port`; the controller aborts after two failed probes following a good one. */
export function watchEngine(address: string, intervalMs = PROBE_INTERVAL_MS): AbortController | undefined {
    const match = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):(\d+)$/.exec(address);
    if (!match) return undefined;
    const controller = new AbortController();
    const [host, port] = [match[1].replace(/^\[|\]$/g, ""), Number(match[2])];
    let everReached = false;
    let failures = 0;
    const probe = async () => {
        if (await reachable(host, port)) {
            everReached = true;
            failures = 0;
        } else if (everReached && ++failures >= 2) {
            // Never reached at all means no engine to watch (e.g. a test harness), not a dead one.
            clearInterval(timer);
            controller.abort(new Error("the Pulumi engine that started this provider has exited"));
        }
    };
    void probe();
    const timer = setInterval(() => void probe(), intervalMs);
    timer.unref();
    return controller;
}

function reachable(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = new Socket();
        const done = (alive: boolean) => {
            socket.destroy();
            resolve(alive);
        };
        socket.setTimeout(1000, () => done(true)); // slow is not dead
        socket.once("connect", () => done(true));
        socket.once("error", () => done(false));
        socket.connect(port, host);
    });
}
