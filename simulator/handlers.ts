import { CounterBook } from "./counters";
import { errors } from "./errors";
import { Reply, jsonReply, parseJsonBody } from "./http";
import { jobJson, parseTaskTime, taskJson } from "./jobs";
import { RouteMatch } from "./routes";
import { UUID } from "./scenario";
import { InstanceRecord, NewJob, SimState } from "./state";
import { EffectCounts, Operation } from "./types";

/** Everything a handler may look at; handlers are synchronous and never touch the socket. */
export interface HandlerContext {
    state: SimState;
    counters: CounterBook;
    route: RouteMatch;
    query: URLSearchParams;
    body: Buffer;
    now: number;
}

type Handler = (ctx: HandlerContext) => Reply;

const JOB_ID = /^[0-9a-f]{32}$/i;
const SWAP_MODES = new Set(["ha", "ha_rw_split"]);

export const handlers: Record<Operation, Handler> = {
    showJob({ state, route, now }) {
        const jobId = route.jobId ?? "";
        if (!JOB_ID.test(jobId)) return errors.invalidParam("job_id");
        const job = state.findJob(jobId);
        // A new job can be invisible for a while (jobNotFoundMs); it answers like an unknown one.
        if (!job || now < job.notFoundUntil) return errors.jobNotFound();
        return jsonReply(jobJson(job, now));
    },

    showInstance(ctx) {
        return withInstance(ctx, (i) =>
            jsonReply({
                instance_id: i.id,
                name: `sim-${i.id.slice(0, 8)}`,
                status: i.scenario.status,
                sub_status: "normal",
                task: ctx.state.currentTask(i, ctx.now),
                cache_mode: i.scenario.cacheMode,
                engine: "Redis",
                engine_version: i.scenario.engineVersion,
                transparent_client_ip_enable: i.transparentClientIpEnable,
                features: { support_transparent_client_ip: true, support_ssl: true },
                enable_ssl: i.enableSsl,
            }),
        );
    },

    listTasks(ctx) {
        return withInstance(ctx, (i) => {
            const offset = intParam(ctx.query, "offset", 0);
            const limit = intParam(ctx.query, "limit", 100);
            if (offset === undefined) return errors.invalidParam("offset");
            if (limit === undefined || limit < 1) return errors.invalidParam("limit");
            const start = timeParam(ctx.query, "start_time");
            const end = timeParam(ctx.query, "end_time");
            if (start === null) return errors.invalidParam("start_time");
            if (end === null) return errors.invalidParam("end_time");
            // The API's times have whole seconds: a task belongs to every second it was created in.
            const tasks = ctx.state
                .tasksOf(i.id)
                .filter((t) => (start === undefined || t.createdAt >= start) && (end === undefined || t.createdAt < end + 1000));
            return jsonReply({
                task_count: String(tasks.length),
                tasks: tasks.slice(offset, offset + limit).map((t) => taskJson(t, ctx.now)),
            });
        });
    },

    asyncSwap(ctx) {
        return swap(ctx, true);
    },

    syncSwap(ctx) {
        return swap(ctx, false);
    },

    clientIp(ctx) {
        const body = parseJsonBody(ctx.body) as { transparent_client_ip_enable?: unknown } | undefined;
        const enable = typeof body === "object" && body !== null ? body.transparent_client_ip_enable : undefined;
        if (typeof enable !== "boolean") return errors.invalidParam("transparent_client_ip_enable");
        return withInstance(ctx, (i) => {
            if (!(Number.parseFloat(i.scenario.engineVersion) >= 4)) return errors.clientIpVersion();
            return trigger(
                ctx,
                i,
                "clientIpChanges",
                { jobType: "modifyClientIpTransJob", effect: { kind: "clientIp", enable }, withJobId: true, params: JSON.stringify(body) },
                () => (i.transparentClientIpEnable === enable ? errors.clientIpAlready(enable) : undefined),
            );
        });
    },

    ssl(ctx) {
        const body = parseJsonBody(ctx.body) as { enabled?: unknown } | undefined;
        const enable = typeof body === "object" && body !== null ? body.enabled : undefined;
        if (typeof enable !== "boolean") return errors.invalidParam("enabled");
        return withInstance(ctx, (i) =>
            trigger(ctx, i, "sslChanges", { jobType: "modifySslJob", effect: { kind: "ssl", enable }, withJobId: true, params: JSON.stringify(body) }),
        );
    },
};

function swap(ctx: HandlerContext, async: boolean): Reply {
    return withInstance(ctx, (i) => {
        // A cloud without the async API has no such route at the gateway at all.
        if (async && i.scenario.asyncSwapUnsupported) return errors.apiNotFound();
        if (!SWAP_MODES.has(i.scenario.cacheMode)) return errors.swapUnsupported();
        return trigger(ctx, i, "swaps", { jobType: "masterStandbySwapJob", effect: { kind: "swap" }, withJobId: async, params: "" });
    });
}

/** Busy check, then the operation's own precondition, then a job is created and counted. */
function trigger(ctx: HandlerContext, i: InstanceRecord, count: keyof EffectCounts, spec: NewJob, precondition?: () => Reply | undefined): Reply {
    const busy = ctx.state.busyCode(i, ctx.now);
    if (busy) return errors.busy(busy);
    const refused = precondition?.();
    if (refused) return refused;
    const job = ctx.state.createJob(i, spec, ctx.now);
    ctx.counters.effect(count, i.id);
    if (!job.jobId) return { status: 204 };
    return jsonReply(spec.effect.kind === "ssl" ? { job_id: job.jobId, instance_id: i.id } : { job_id: job.jobId });
}

function withInstance(ctx: HandlerContext, then: (instance: InstanceRecord) => Reply): Reply {
    const id = ctx.route.instanceId ?? "";
    if (!UUID.test(id)) return errors.invalidInstanceId();
    const instance = ctx.state.lookup(id, ctx.now);
    if (!instance || !instance.scenario.exists) return errors.instanceNotFound();
    return then(instance);
}

/** The default when absent, undefined when not a non-negative integer. */
function intParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
    const raw = query.get(name);
    if (raw === null) return fallback;
    return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** Undefined when absent, null when malformed. */
function timeParam(query: URLSearchParams, name: string): number | undefined | null {
    const raw = query.get(name);
    if (raw === null) return undefined;
    return parseTaskTime(raw) ?? null;
}
