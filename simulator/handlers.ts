import { CounterBook } from "./counters";
import { errors } from "./errors";
import { Reply, jsonReply, parseJsonBody } from "./http";
import { jobJson } from "./jobs";
import { RouteMatch } from "./routes";
import { UUID } from "./scenario";
import { InstanceRecord, NewJob, SimState } from "./state";
import { listTasks } from "./task-list";
import { ApiBehaviour, EffectCounts, Operation } from "./types";

/** Everything a handler may look at; handlers are synchronous and never touch the socket. */
export interface HandlerContext {
    state: SimState;
    counters: CounterBook;
    route: RouteMatch;
    query: URLSearchParams;
    body: Buffer;
    now: number;
    /** The API behaviour at the time of the request. */
    api: ApiBehaviour;
}

type Handler = (ctx: HandlerContext) => Reply;

const JOB_ID = /^[0-9a-f]{32}$/i;
/** Cache modes that have a standby to swap with. */
export const SWAP_MODES = new Set(["ha", "ha_rw_split"]);
const NODE_AZ = { "node-a": "az-1a", "node-b": "az-1b" } as const;

export const handlers: Record<Operation, Handler> = {
    showJob({ state, route, now, api }) {
        const jobId = route.jobId ?? "";
        if (!JOB_ID.test(jobId)) return errors.invalidParam("job_id");
        const job = state.findJob(jobId);
        // A new job can be invisible for a while (jobNotFoundMs); it answers like an unknown one.
        if (!job || now < job.notFoundUntil) return errors.jobNotFound();
        return jsonReply(jobJson(job, now, api.serverClockSkewMs));
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

    showNodes(ctx) {
        return withInstance(ctx, (i) => {
            // Roles flip when a swap job ends (see state.ts); a single-node instance has one master.
            const names = SWAP_MODES.has(i.scenario.cacheMode) ? (["node-a", "node-b"] as const) : (["node-a"] as const);
            const nodes = names.map((name, n) => ({
                logical_node_id: `${i.id.slice(0, 8)}-${name}`,
                name,
                status: "Active",
                az_code: NODE_AZ[name],
                node_role: "redis-server",
                node_type: name === i.master || names.length === 1 ? "master" : "slave",
                node_ip: `192.168.0.${10 + n}`,
                node_port: "6379",
            }));
            return jsonReply({ instance_id: i.id, total: nodes.length, nodes });
        });
    },

    listTasks(ctx) {
        // The sync swap's job has no id; whether it is listed is a behaviour switch (see ApiBehaviour).
        const listed = (j: { jobId?: string; effect: { kind: string } }) => ctx.api.syncSwapListsTask || j.jobId !== undefined || j.effect.kind !== "swap";
        return withInstance(ctx, (i) => listTasks(ctx.state.tasksOf(i.id).filter(listed), ctx.query, ctx.api, ctx.now));
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
    const job = ctx.state.createJob(i, spec, ctx.now, ctx.api.taskAppearDelayMs);
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
