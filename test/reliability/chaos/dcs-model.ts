/**
 * The model DCS instance (HA, swappable): its background tasks and jobs, as functions of server
 * time (client time + skew). A swap job that reaches SUCCESS flips the master: `switchovers` counts them.
 * Beyond the premises (`world.ts`): sync swaps DCS does not list, someone else's swaps, and
 * finished jobs and tasks DCS forgets after a retention time.
 */
import { ChaosClock } from "./clock";
import { Rng } from "./rng";
import { PLAIN_SWAP, Schedule, SwapTraits } from "./schedule";
import { Tally, Trace } from "./trace";
import { PREMISES, World, WorldWhat } from "./world";

export const PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const INSTANCE_ID = "5560df16-cebf-4473-95c4-d1b573c16e79";
export const SWAP_TASK = "masterStandbySwapJob";

/** One swap DCS accepted. Times are server epoch ms. */
export interface ModelSwap {
    /** Order of acceptance in the schedule. */
    n: number;
    /** Which intent's runs sent it, and in which run (-1 for someone else's swap). */
    phase: number;
    run: number;
    /** Sent by someone else (an operator), not by the lifecycle. */
    foreign?: boolean;
    api: "async" | "sync";
    taskId: string;
    /** Only `huaweicloud` exposes it (async answer, `job_id` on tasks, `showJob`). */
    jobId?: string;
    acceptedAt: number;
    queuedUntil: number;
    runningFrom: number;
    endsAt: number;
    listedAt: number;
    notFoundUntil: number;
    outcome: "SUCCESS" | "FAIL";
}

interface HistoryTask {
    id: string;
    name: string;
    status: string;
    createdAt: number;
    jobId?: string;
}

const OTHER_TASKS = ["EXTEND", "BACKUP", "modifyClientIpTransJob", "RESTART"];

/** A request the backend will process later (server ms), after its answer was lost. */
interface Pending {
    at: number;
    api: "async" | "sync";
    phase: number;
    run: number;
    calm: boolean;
}

export class DcsModel {
    readonly swaps: ModelSwap[] = [];
    /** A foreign task (e.g. a backup) keeps the instance busy until then (server ms). */
    foreignBusyUntil = -Infinity;
    private readonly history: HistoryTask[] = [];
    private pending: Pending[] = [];

    constructor(
        readonly schedule: Schedule,
        private readonly clock: ChaosClock,
        private readonly rng: Rng,
        private readonly trace: Trace,
        private readonly tally: Tally,
    ) {
        let t = this.serverNow() - 3_600_000;
        const kinds = [...Array(schedule.historySwaps).fill(SWAP_TASK), ...Array(schedule.historyOthers).fill("")];
        // Shuffled, so swap and other tasks interleave on the pages.
        for (let i = kinds.length - 1; i > 0; i--) {
            const j = rng.int(0, i);
            [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
        }
        for (const kind of kinds) {
            t -= rng.int(600_000, 3 * 86_400_000);
            const name = kind || rng.pick(OTHER_TASKS);
            const status = name === SWAP_TASK && rng.chance(0.2) ? "FAILED" : "SUCCESS";
            this.history.push({ id: rng.hex32(), name, status, createdAt: t, jobId: schedule.profile === "huaweicloud" ? rng.hex32() : undefined });
        }
    }

    get world(): World {
        return this.schedule.world ?? PREMISES;
    }

    serverNow(): number {
        return this.clock.now() + this.schedule.skewMs;
    }

    /** The backend processes a swap request at server time `at`: accepted then unless the instance is busy. */
    processLater(pending: Pending): void {
        this.pending.push(pending);
    }

    /** Processes the requests whose time has come; called before anything reads the instance. */
    catchUp(): void {
        if (this.pending.length === 0) return;
        const now = this.serverNow();
        const due = this.pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at);
        this.pending = this.pending.filter((p) => p.at > now);
        for (const p of due) if (this.instanceTask(!p.calm, p.at) === undefined) this.accept(p.api, p.phase, p.run, p.calm, p.at);
    }

    /** Starts a swap at `t0` (now by default). Swaps accepted in a calm run never fail and never queue. */
    accept(api: "async" | "sync", phase: number, run: number, calm: boolean, t0 = this.serverNow(), foreign?: SwapTraits): ModelSwap {
        const traits = foreign ?? this.schedule.swaps[this.swaps.filter((s) => !s.foreign).length] ?? PLAIN_SWAP;
        const listed = api === "async" || this.world.syncListed;
        const queuedUntil = t0 + (calm ? 0 : traits.queuedMs);
        const swap: ModelSwap = {
            n: this.swaps.length,
            phase,
            run,
            api,
            taskId: this.rng.hex32(),
            jobId: this.schedule.profile === "huaweicloud" ? this.rng.hex32() : undefined,
            acceptedAt: t0,
            queuedUntil,
            runningFrom: queuedUntil + Math.min(traits.initMs, traits.durationMs / 2),
            endsAt: queuedUntil + traits.durationMs,
            listedAt: listed ? t0 + traits.listDelayMs : Infinity,
            notFoundUntil: t0 + traits.notFoundMs,
            outcome: traits.fail && !calm ? "FAIL" : "SUCCESS",
            foreign: foreign !== undefined || undefined,
        };
        this.swaps.push(swap);
        if (api === "sync") this.tally.add(listed ? "sync-listed" : "sync-unlisted");
        if (swap.outcome === "FAIL" && !swap.foreign) this.tally.add("job-fail");
        if (swap.queuedUntil > t0) this.tally.add("queued");
        if (swap.notFoundUntil > t0) this.tally.add("early-404");
        this.trace.log(
            () =>
                `DCS ACCEPTED ${swap.foreign ? "SOMEONE ELSE'S " : ""}swap #${swap.n} (${api}${listed ? "" : ", never listed"}${t0 < this.serverNow() ? `, processed ${(this.serverNow() - t0) / 1000} s ago` : ""}): task ${swap.taskId}` +
                `${swap.jobId ? `, job ${swap.jobId}` : ""}; ${swap.outcome} after ${(swap.endsAt - t0) / 1000} s, listed after ${(swap.listedAt - t0) / 1000} s`,
        );
        return swap;
    }

    /** Someone else's swap request: accepted now unless the instance is busy. */
    acceptForeign(what: Extract<WorldWhat, { kind: "foreign-swap" }>): ModelSwap | undefined {
        if (this.instanceTask(true) !== undefined) {
            this.tally.add("foreign-refused");
            this.trace.log(`someone else's swap refused: instance busy (${this.instanceTask(true)})`);
            return undefined;
        }
        const traits: SwapTraits = { ...PLAIN_SWAP, durationMs: what.durationMs, listDelayMs: what.listDelayMs, fail: what.fail };
        const swap = this.accept(what.api, -1, -1, false, this.serverNow(), traits);
        this.tally.add(swap.outcome === "FAIL" ? "foreign-swap-failed" : "foreign-swap");
        return swap;
    }

    /** DCS has forgotten the ended swap's job (`job`) or task (`task`) by `t`. */
    forgotten(swap: ModelSwap, what: "job" | "task", t = this.serverNow()): boolean {
        const retention = what === "job" ? this.world.jobRetentionMs : this.world.taskRetentionMs;
        return retention !== undefined && t >= swap.endsAt + retention;
    }

    /** The job's status: QUEUED (an unknown in-flight status), INIT, RUNNING, SUCCESS or FAIL. */
    jobStatus(swap: ModelSwap, t = this.serverNow()): string {
        if (t < swap.queuedUntil) return "QUEUED";
        if (t < swap.runningFrom) return "INIT";
        if (t < swap.endsAt) return "RUNNING";
        return swap.outcome;
    }

    taskStatus(swap: ModelSwap, t = this.serverNow()): string {
        if (t < swap.queuedUntil) return "WAITING";
        if (t < swap.runningFrom) return "CREATED";
        if (t < swap.endsAt) return "EXECUTING";
        return swap.outcome === "SUCCESS" ? "SUCCESS" : "FAILED";
    }

    runningSwap(t = this.serverNow()): ModelSwap | undefined {
        return this.swaps.find((s) => s.acceptedAt <= t && t < s.endsAt);
    }

    /** `task` of showInstance: non-null while a swap (or, when faults are on, a foreign task) runs. */
    instanceTask(faultsOn: boolean, t = this.serverNow()): string | undefined {
        if (this.runningSwap(t)) return "SWITCHOVER";
        if (faultsOn && t < this.foreignBusyUntil) return "BACKUPING";
        return undefined;
    }

    /** A ListBackgroundTask answer body: `task_count` and one page, sorted by `created_at`. */
    taskPage(offset: number, limit: number): { task_count: number; tasks: Record<string, unknown>[] } {
        const t = this.serverNow();
        const huawei = this.schedule.profile === "huaweicloud";
        const all: { createdAt: number; json: () => Record<string, unknown> }[] = this.history.map((h) => ({
            createdAt: h.createdAt,
            json: () => taskJson(h.id, h.name, h.status, h.createdAt, h.createdAt + 30_000, huawei ? h.jobId : undefined, huawei),
        }));
        let forgotten = 0;
        for (const s of this.swaps) {
            if (t < s.listedAt) continue;
            if (this.forgotten(s, "task", t)) {
                forgotten++;
                continue;
            }
            const status = this.taskStatus(s, t);
            const updated = status === "SUCCESS" || status === "FAILED" ? s.endsAt : status === "EXECUTING" ? s.runningFrom : s.acceptedAt;
            all.push({ createdAt: s.acceptedAt, json: () => taskJson(s.taskId, SWAP_TASK, status, s.acceptedAt, updated, s.jobId, huawei) });
        }
        if (forgotten) this.tally.add("retention-task-gone");
        all.sort((a, b) => (this.schedule.order === "asc" ? a.createdAt - b.createdAt : b.createdAt - a.createdAt));
        const size = Math.max(1, Math.min(limit, 1000, this.schedule.pageCap));
        return { task_count: all.length, tasks: all.slice(offset, offset + size).map((x) => x.json()) };
    }

    byJobId(jobId: string): ModelSwap | undefined {
        return this.swaps.find((s) => s.jobId !== undefined && s.jobId === jobId);
    }

    /** A ShowJobInfo answer body. */
    jobJson(swap: ModelSwap): Record<string, unknown> {
        const status = this.jobStatus(swap);
        const ended = status === "SUCCESS" || status === "FAIL";
        return {
            job_id: swap.jobId,
            job_type: SWAP_TASK,
            status,
            begin_time: String(swap.acceptedAt),
            end_time: ended ? String(swap.endsAt) : "",
            fail_reason: status === "FAIL" ? "standby node unreachable" : null,
        };
    }

    /** Switchovers that happened (SUCCESS reached by now), of one intent or all. */
    switchovers(phase?: number): number {
        this.catchUp();
        const t = this.serverNow();
        return this.swaps.filter((s) => s.outcome === "SUCCESS" && s.endsAt <= t && (phase === undefined || s.phase === phase)).length;
    }
}

function taskJson(
    id: string,
    name: string,
    status: string,
    created: number,
    updated: number,
    jobId: string | undefined,
    huawei: boolean,
): Record<string, unknown> {
    const task: Record<string, unknown> = {
        id,
        name,
        status,
        created_at: new Date(created).toISOString(),
        updated_at: new Date(updated).toISOString(),
        user_name: "chaos",
        enable_show: true,
    };
    if (!huawei) return task;
    task.error_code = status === "FAILED" ? "DCS.5094" : null;
    if (jobId !== undefined) task.job_id = jobId;
    return task;
}
