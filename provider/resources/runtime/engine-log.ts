import { dirname } from "path";
import { ENGINE_LOG_TIMEOUT_MS } from "./defaults";
import { progress } from "./progress";

/**
 * Warnings Pulumi counts. A line a dynamic provider prints (or `pulumi.log.warn` inside the plugin,
 * which falls back to `console.warn`) reaches the CLI as an info message with no resource: preview
 * exits 0 with "0 warnings". The engine counts a warning only when it arrives through its `Log` RPC
 * with severity WARNING. The CLI starts the dynamic-provider host with the engine's address as its
 * first argument (`@pulumi/pulumi/cmd/dynamic-provider` requires it), so the provider opens the
 * generated `EngineClient` on it and logs there, on the URN of the resource the user declared
 * (the class computes it, `declaredUrn`: the engine does not tell a provider's `check` its URN).
 *
 * Why here and not in the program (`pulumi.log.warn(message, resource)` in a class constructor): the
 * findings come from the preflight read, which runs in the provider because only the provider sees
 * the old state (a finished swap makes no call) and holds the credentials. Checked end to end with the
 * real CLI (test/e2e/preview-warnings.test.ts): the warning is listed under the resource, counted, and
 * in `pulumi preview --json` diagnostics with severity "warning".
 *
 * Outside the provider host (tests calling the runtime, an engine that does not answer), the message
 * falls back to a progress line. Messages are built by the preflight from ids, statuses and error
 * codes: never a credential.
 */
const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):(\d+)$/;

interface EngineClient {
    log(request: unknown, callback: (error: Error | null) => void): void;
}

interface EngineProto {
    LogRequest: new () => { setSeverity(s: number): void; setMessage(m: string): void; setUrn(u: string): void };
    LogSeverity: { WARNING: number; DEBUG: number };
}

let engine: { client: EngineClient; proto: EngineProto } | null | undefined;

/** The engine's Log client, or null outside the dynamic-provider host. */
function engineClient(argv: string[]): { client: EngineClient; proto: EngineProto } | null {
    if (engine !== undefined) return engine;
    engine = null;
    const address = argv[2] ?? "";
    if (!LOOPBACK_ADDRESS.test(address)) return engine;
    try {
        // The host is `@pulumi/pulumi`'s own process: load its generated client and its gRPC library.
        const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
        const services = require(require.resolve("@pulumi/pulumi/proto/engine_grpc_pb"));
        const proto = require(require.resolve("@pulumi/pulumi/proto/engine_pb")) as EngineProto;
        engine = { client: new services.EngineClient(address, grpc.credentials.createInsecure()), proto };
    } catch {
        engine = null;
    }
    return engine;
}

/**
 * Logs a warning Pulumi counts, on `urn`: `<topic>: <message>`. Resolves once the engine took it (so
 * it is shown before `check` returns); falls back to a progress line of `owner`,
 * `<topic>: warning: <message>`, when there is no engine or no URN.
 */
export async function engineWarning(
    urn: string | undefined,
    owner: string | undefined,
    topic: string,
    message: string,
    argv: string[] = process.argv,
): Promise<void> {
    const fallback = () => progress(owner, `${topic}: warning: ${message}`);
    const found = urn ? engineClient(argv) : null;
    if (!found || !urn) return fallback();
    const request = logRequest(found.proto, found.proto.LogSeverity.WARNING, `${topic}: ${message}`, urn);
    const sent = await new Promise<boolean>((resolve) => {
        // An engine that does not answer must not hold up the check.
        const timer = setTimeout(() => resolve(false), ENGINE_LOG_TIMEOUT_MS);
        found.client.log(request, (error) => {
            clearTimeout(timer);
            resolve(!error);
        });
    });
    if (!sent) fallback();
}

/**
 * Request-level detail (method, path, status, request id), as `pulumi.log.debug` would give it: the
 * engine shows DEBUG messages only with `--debug` (or `-v`). Sent without waiting, and dropped
 * outside the provider host: it is diagnosis, never part of the outcome.
 */
export function engineDebug(message: string, argv: string[] = process.argv): void {
    const found = engineClient(argv);
    if (!found) return;
    found.client.log(logRequest(found.proto, found.proto.LogSeverity.DEBUG, `dcs-jobs: ${message}`), () => {});
}

/** A `LogRequest`; without a URN the engine shows it for the whole update. */
function logRequest(proto: EngineProto, severity: number, message: string, urn?: string): unknown {
    const request = new proto.LogRequest();
    request.setSeverity(severity);
    request.setMessage(message);
    if (urn) request.setUrn(urn);
    return request;
}
