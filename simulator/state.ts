import { Effect, JobRecord, RUNNING_TASK_NAMES, isFinished, jobView, newJobId, newTaskId } from "./jobs";
import { UUID } from "./scenario";
import { InstanceScenario, InstanceView, JobView } from "./types";

export interface StateConfig {
    defaultScenario: InstanceScenario;
    autoCreateInstances: boolean;
    jobRetentionMs: number;
}

/** Mutable facts about one instance; the scenario says how it behaves. */
export interface InstanceRecord {
    id: string;
    scenario: InstanceScenario;
    busyUntil: number;
    master: "node-a" | "node-b";
    swapCount: number;
    transparentClientIpEnable: boolean;
    enableSsl: boolean;
}

export interface NewJob {
    jobType: string;
    effect: Effect;
    /** False for the sync swap: a background task nobody can poll. */
    withJobId: boolean;
    params: string;
    /** Overrides the scenario's `failReason` for this job (an operator's swap that fails). */
    failReason?: string | null;
}

/** Instances, jobs and background tasks. Every method takes `now` so that time is explicit. */
export class SimState {
    private readonly instances = new Map<string, InstanceRecord>();
    private jobs: JobRecord[] = [];

    constructor(private readonly config: StateConfig) {}

    clear(): void {
        this.instances.clear();
        this.jobs = [];
    }

    setInstance(id: string, partial: Partial<InstanceScenario>, now: number): InstanceRecord {
        const record = this.instances.get(id) ?? this.create(id, now);
        record.scenario = { ...record.scenario, ...partial };
        if (partial.busyForMs !== undefined) record.busyUntil = partial.busyForMs > 0 ? now + partial.busyForMs : 0;
        if (partial.transparentClientIpEnable !== undefined) record.transparentClientIpEnable = partial.transparentClientIpEnable;
        if (partial.enableSsl !== undefined) record.enableSsl = partial.enableSsl;
        return record;
    }

    /** The instance, auto-created when allowed; callers still check `scenario.exists`. */
    lookup(id: string, now: number): InstanceRecord | undefined {
        const known = this.instances.get(id);
        if (known) return known;
        return this.config.autoCreateInstances && UUID.test(id) ? this.create(id, now) : undefined;
    }

    /**
     * Applies the effects of jobs that have ended, in the order they ended, and forgets old ones.
     * Called before every read so that lazily computed job states and instance facts agree.
     */
    settle(now: number): void {
        const due = this.jobs.filter((j) => !j.settled && isFinished(j, now)).sort((a, b) => a.endsAt - b.endsAt);
        for (const job of due) {
            job.settled = true;
            const instance = this.instances.get(job.instanceId);
            if (instance && job.failReason === null) applyEffect(instance, job.effect);
        }
        this.jobs = this.jobs.filter((j) => !j.settled || now <= j.endsAt + this.config.jobRetentionMs);
    }

    /** DCS retention, applied now rather than after `jobRetentionMs`: forgets every finished job. Returns how many. */
    forgetFinished(now: number): number {
        this.settle(now);
        const before = this.jobs.length;
        this.jobs = this.jobs.filter((j) => !j.settled);
        return before - this.jobs.length;
    }

    runningJob(instanceId: string, now: number): JobRecord | undefined {
        return this.jobs.find((j) => j.instanceId === instanceId && !isFinished(j, now));
    }

    /** The error code a trigger gets now, or undefined when the instance accepts operations. */
    busyCode(instance: InstanceRecord, now: number): string | undefined {
        if (instance.scenario.status !== "RUNNING") return "DCS.4049";
        if (now < instance.busyUntil || this.runningJob(instance.id, now)) return instance.scenario.busyCode;
        return undefined;
    }

    /** ShowInstance `task`: a backup during the busy window, the job's name while one runs. */
    currentTask(instance: InstanceRecord, now: number): string | null {
        if (now < instance.busyUntil) return "BACKUPING";
        const job = this.runningJob(instance.id, now);
        return job ? RUNNING_TASK_NAMES[job.effect.kind] : null;
    }

    /** `appearDelayMs`: how long ListBackgroundTask leaves the new task out (an API-wide setting). */
    createJob(instance: InstanceRecord, spec: NewJob, now: number, appearDelayMs: number): JobRecord {
        const s = instance.scenario;
        const job: JobRecord = {
            jobId: spec.withJobId ? newJobId() : undefined,
            taskId: newTaskId(),
            jobType: spec.jobType,
            instanceId: instance.id,
            createdAt: now,
            runningAt: now + Math.min(s.jobInitMs, s.jobDurationMs),
            endsAt: now + s.jobDurationMs,
            failReason: spec.failReason !== undefined ? spec.failReason : s.failReason,
            notFoundUntil: now + s.jobNotFoundMs,
            waitingUntil: now + s.taskWaitingMs,
            listedFrom: now + appearDelayMs,
            effect: spec.effect,
            settled: false,
            params: spec.params,
        };
        this.jobs.push(job);
        return job;
    }

    findJob(jobId: string): JobRecord | undefined {
        return this.jobs.find((j) => j.jobId === jobId);
    }

    /** Background tasks of an instance, oldest first (creation order, so equal times keep their order). */
    tasksOf(instanceId: string): JobRecord[] {
        return this.jobs.filter((j) => j.instanceId === instanceId);
    }

    instanceView(id: string, now: number): InstanceView | undefined {
        const r = this.instances.get(id);
        if (!r) return undefined;
        return {
            instanceId: r.id,
            scenario: { ...r.scenario },
            status: r.scenario.status,
            task: this.currentTask(r, now),
            master: r.master,
            swapCount: r.swapCount,
            transparentClientIpEnable: r.transparentClientIpEnable,
            enableSsl: r.enableSsl,
            busyUntil: r.busyUntil,
        };
    }

    jobViews(now: number): JobView[] {
        return this.jobs.map((j) => jobView(j, now));
    }

    private create(id: string, now: number): InstanceRecord {
        const scenario = { ...this.config.defaultScenario };
        const record: InstanceRecord = {
            id,
            scenario,
            busyUntil: scenario.busyForMs > 0 ? now + scenario.busyForMs : 0,
            master: "node-a",
            swapCount: 0,
            transparentClientIpEnable: scenario.transparentClientIpEnable,
            enableSsl: scenario.enableSsl,
        };
        this.instances.set(id, record);
        return record;
    }
}

function applyEffect(instance: InstanceRecord, effect: Effect): void {
    if (effect.kind === "swap") {
        instance.master = instance.master === "node-a" ? "node-b" : "node-a";
        instance.swapCount++;
    } else if (effect.kind === "clientIp") {
        instance.transparentClientIpEnable = effect.enable;
    } else {
        instance.enableSsl = effect.enable;
    }
}
