import { IncomingMessage } from "node:http";
import { isLoopbackHost } from "../provider/dcs/validate";
import { SimulatorCore } from "./core";
import { Reply, headerValue, jsonReply, readBody } from "./http";
import { ApiBehaviour, FaultSpec, InstanceScenario, OperatorSwapOptions, RateLimit } from "./types";
import { DcsError } from "../provider/dcs/errors";

export const ADMIN_PREFIX = "/__admin/";

/**
 * `/__admin/*`: the programmatic API over HTTP, for tests that drive a separate process.
 * No auth, but only for loopback Host headers, so a web page cannot reach it by DNS rebinding.
 */
export async function handleAdmin(core: SimulatorCore, req: IncomingMessage, pathname: string): Promise<Reply> {
    const host = headerValue(req, "host") ?? "";
    if (!isLoopbackHost(hostnameOf(host))) return adminError(403, "admin endpoints answer only to a loopback Host");
    const route = `${req.method} ${pathname.slice(ADMIN_PREFIX.length - 1)}`;
    let body: unknown;
    try {
        body = req.method === "POST" ? parseAdminBody(await readBody(req)) : undefined;
    } catch (error) {
        return adminError(400, (error as Error).message);
    }
    try {
        return dispatch(core, route, body);
    } catch (error) {
        // Validation errors from the core: the caller sent a bad scenario, fault or rate limit.
        return adminError(400, (error as Error).message);
    }
}

function dispatch(core: SimulatorCore, route: string, body: unknown): Reply {
    const operator = /^POST \/instances\/([^/]+)\/operator-swap$/.exec(route);
    if (operator) return jsonReply(core.operatorSwap(decodeURIComponent(operator[1]), body as OperatorSwapOptions | undefined));
    const instance = /^(GET|POST) \/instances\/([^/]+)$/.exec(route);
    if (instance) {
        const id = decodeURIComponent(instance[2]);
        if (instance[1] === "POST") return jsonReply(core.setInstance(id, (body ?? {}) as Partial<InstanceScenario>));
        const view = core.instance(id);
        return view ? jsonReply(view) : adminError(404, `instance ${id} is not known (yet)`);
    }
    switch (route) {
        case "GET /counters":
            return jsonReply(core.counterSnapshot());
        case "POST /counters/reset":
            core.resetCounters();
            return jsonReply({ ok: true });
        case "POST /reset":
            core.reset();
            return jsonReply({ ok: true });
        case "POST /faults":
            core.addFaults(body as FaultSpec | FaultSpec[]);
            return jsonReply({ pending: core.faults.size() });
        case "POST /faults/clear":
            core.clearFaults();
            return jsonReply({ pending: 0 });
        case "POST /jobs/forget-finished":
            return jsonReply({ forgotten: core.forgetFinished() });
        case "GET /jobs":
            return jsonReply(core.jobs());
        case "GET /behaviour":
            return jsonReply(core.behaviour);
        case "POST /behaviour":
            return jsonReply(core.setBehaviour((body ?? {}) as Partial<ApiBehaviour>));
        case "POST /rate-limit":
            core.setRateLimit((body ?? undefined) as RateLimit | undefined);
            return jsonReply({ rateLimit: core.limiter.current ?? null });
        default:
            return adminError(404, `unknown admin endpoint ${route}`);
    }
}

function parseAdminBody(raw: Buffer): unknown {
    if (raw.length === 0) return undefined;
    try {
        return JSON.parse(raw.toString("utf8"));
    } catch {
        throw new DcsError("body is not valid JSON");
    }
}

function adminError(status: number, message: string): Reply {
    return { status, body: { error: message } };
}

function hostnameOf(host: string): string {
    const bracketed = /^\[([^\]]+)\]/.exec(host);
    return bracketed ? bracketed[1] : host.replace(/:\d+$/, "");
}
