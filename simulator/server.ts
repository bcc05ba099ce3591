import { randomUUID } from "node:crypto";
import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import { authenticate } from "./auth";
import { SimulatorCore } from "./core";
import { Delays } from "./delays";
import { errors } from "./errors";
import { handlers } from "./handlers";
import { BodyTooLargeError, Reply, readBody, replyText, writeReply } from "./http";
import { isPublished, matchRoute } from "./routes";
import { FaultKind, FaultSpec, RequestLogEntry } from "./types";

/** Default delay of a "slow" fault: longer than the gateway's and the client's 30 s timeouts. */
export const DEFAULT_SLOW_MS = 35_000;

/** Faults that answer instead of performing the operation. */
const ANSWER_INSTEAD: Partial<Record<FaultKind, () => Reply>> = {
    "429": () => errors.throttled(20),
    "429-retry-after": () => errors.throttled(20, 1),
    "500": errors.internal,
    "502": errors.badGateway,
    "504": errors.gatewayTimeout,
    "401-token-expired": errors.tokenExpired,
    busy: () => errors.busy("DCS.4049"),
};

/** `/v2/{project_id}/…`, and the instance id of `/v2/{project_id}/instances/{instance_id}/…` (for unpublished paths). */
const V2_PATH_IDS = /^\/v2\/([^/]+)\/(?:instances\/([^/]+))?/;

/** A "canned" fault's answer: its status and raw body, byte for byte. */
function cannedReply(fault: FaultSpec): Reply {
    const body = fault.body ?? "";
    const headers: Record<string, string> = body === "" ? {} : { "Content-Type": fault.contentType ?? "application/json;charset=UTF-8" };
    return { status: fault.status ?? 200, raw: body, headers };
}

export interface SimServer {
    server: Server;
    delays: Delays;
}

/** The HTTP front: request ids, logging, admin routing, then the simulated gateway pipeline. */
export function createSimServer(core: SimulatorCore, onRequest?: (entry: RequestLogEntry) => void): SimServer {
    const delays = new Delays();
    const server = createServer((req, res) => {
        const started = Date.now();
        const url = new URL(req.url ?? "/", "http://simulator.invalid");
        const isAdmin = url.pathname.startsWith(ADMIN_PREFIX);
        const entry: Omit<RequestLogEntry, "status" | "durationMs"> = {
            requestId: randomUUID(),
            method: req.method ?? "",
            path: url.pathname + url.search,
            operation: isAdmin ? "admin" : (matchRoute(req.method ?? "", url.pathname)?.operation ?? "unknown"),
        };
        res.setHeader("X-Request-Id", entry.requestId);
        if (onRequest) {
            res.on("close", () => onRequest({ ...entry, status: res.writableFinished ? res.statusCode : "reset", durationMs: Date.now() - started }));
        }
        const work = isAdmin ? handleAdmin(core, req, url.pathname).then((reply) => writeReply(res, reply)) : handleGateway(core, delays, req, res, url);
        work.catch(() => {
            // A bug in the simulator must not take the server down; answer like a broken backend.
            if (!res.headersSent && !res.destroyed) writeReply(res, errors.internal());
            else req.socket.destroy();
        });
    });
    return { server, delays };
}

async function handleGateway(core: SimulatorCore, delays: Delays, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const answer = (reply: Reply): void => {
        if (res.destroyed) return;
        core.counters.response(reply.status);
        // Node would send the host's time; a client estimating the server's clock must see the skewed one.
        writeReply(res, { ...reply, headers: { ...reply.headers, Date: new Date(core.serverNow()).toUTCString() } });
    };
    const reset = (): void => {
        core.counters.reset();
        req.socket.resetAndDestroy();
    };

    const route = matchRoute(req.method ?? "", url.pathname);
    core.counters.request(route?.operation ?? "unknown");
    if (url.pathname.startsWith("/v2/") && !core.limiter.tryTake()) {
        core.counters.throttled();
        const limit = core.limiter.current!;
        return answer(errors.throttled(limit.requestsPerSecond, limit.retryAfterSeconds));
    }
    let body: Buffer;
    try {
        body = await readBody(req);
    } catch (error) {
        if (error instanceof BodyTooLargeError) return answer(errors.bodyTooLarge());
        throw error;
    }
    // Counted under its name above (the client did ask for it), but this cloud's gateway lacks it.
    // Only a canned fault with a matching `path` stands in for an API the gateway does not publish.
    const operation = route && isPublished(route.operation, core.behaviour.cloud) ? route.operation : undefined;
    const pathIds = V2_PATH_IDS.exec(url.pathname);
    if (!operation && !(pathIds && core.faults.has(undefined, route?.instanceId ?? pathIds[2], url.pathname))) return answer(errors.apiNotFound());
    const denied = authenticate(req, body, core.config, core.serverNow());
    if (denied) return answer(denied);
    if ((route?.projectId ?? pathIds?.[1]) !== core.config.projectId) return answer(errors.projectMismatch());

    core.state.settle(core.now());
    const instanceId = route ? (route.instanceId ?? (route.jobId === undefined ? undefined : core.state.findJob(route.jobId)?.instanceId)) : pathIds?.[2];
    const latency = instanceId === undefined ? 0 : (core.state.lookup(instanceId, core.now())?.scenario.latencyMs ?? 0);
    if (!(await delays.wait(latency))) return;

    const fault = core.faults.take(operation, instanceId, url.pathname);
    if (fault && fault.kind !== "slow" && !(await delays.wait(fault.delayMs ?? 0))) return;
    if (fault?.kind === "reset-before") return reset();
    if (fault?.kind === "canned") return answer(cannedReply(fault));
    const instead = fault && ANSWER_INSTEAD[fault.kind];
    if (instead) return answer(instead());
    // The canned fault that let an unpublished path through was taken by a concurrent request.
    if (!route || !operation) return answer(errors.apiNotFound());

    const now = core.now();
    core.state.settle(now);
    const api = { ...core.behaviour };
    const reply = handlers[operation]({ state: core.state, counters: core.counters, route, query: url.searchParams, body, now, api });
    return afterHandling(fault, reply, delays, answer, reset);
}

/** Faults that act after the operation was performed: the caller cannot tell whether it happened. */
async function afterHandling(fault: FaultSpec | undefined, reply: Reply, delays: Delays, answer: (r: Reply) => void, reset: () => void): Promise<void> {
    switch (fault?.kind) {
        case "reset-after":
            return reset();
        case "slow":
            if (await delays.wait(fault.delayMs ?? DEFAULT_SLOW_MS)) answer(reply);
            return;
        case "malformed-json": {
            const text = replyText(reply) || '{"job_id":"';
            // Cut inside the object: never valid JSON, and a 200 whatever the real answer was.
            return answer({ status: 200, raw: text.slice(0, Math.max(2, Math.floor(text.length / 2))), headers: reply.headers });
        }
        default:
            return answer(reply);
    }
}
