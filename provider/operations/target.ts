/**
 * What `runOperation` is given: the operation (its sends and intent), what it talks to, and how long
 * it may take. Plain types, so every step of the lifecycle can name them without importing it.
 */
import { Clock, DcsApiError, DcsBackgroundTask, DcsError, DcsJobInfo, TriggerEvent, TriggerResult, TriggerSpec } from "../dcs";
import { JobReader, PollPolicy } from "../jobs";
import { InstanceViews } from "./instance-checks";
import type { Intent } from "./intent";
import { Journal } from "./journal";
import { TaskPageLister } from "./task-list";

/** One way to start the operation. */
export interface OperationSend {
    /** Recorded in state: "async", "sync", "call". */
    api: string;
    spec: TriggerSpec;
}

/**
 * The intent an operation runs under: the `Intent` recorded in Pulumi state before anything was
 * sent (`intent.ts`; its id, baseline and master), and what the caller knows of its use.
 */
export interface IntentRef extends Intent {
    /** Recorded by this very process: no earlier attempt at this operation can exist. */
    fresh: boolean;
    /**
     * Another resource in state holds this intent, or one that held it was deleted: Pulumi is
     * creating the resource again (`--replace`, a targeted destroy then `up`). An operation that ended
     * under the intent is that resource's: it is never adopted as this one's.
     */
    reused?: { what: string };
    /**
     * Recorded after the operation may already have been sent (state written before intents
     * existed): its baseline and master may include that very operation, so they prove nothing.
     */
    postHoc?: boolean;
}

/** What every operation has. */
interface TargetBase {
    /** For messages, e.g. "master/standby swap". */
    operation: string;
    /** Tried in order; the next only when DCS says the previous API does not exist (APIG.0101, DCS.4001). */
    sends: OperationSend[];
    intent: IntentRef;
}

/**
 * An operation DCS lists among the instance's background tasks under `taskName` (a switchover): it
 * can be identified after the fact, so an ambiguous answer is looked for, never sent blindly again.
 */
export interface ListedTarget extends TargetBase {
    instanceId: string;
    /** Background-task name that identifies the operation after the fact. */
    taskName: string;
    /** The error for a running task of `taskName` that predates the intent (someone else's). */
    conflict?: (task: DcsBackgroundTask) => DcsError;
    /**
     * A switchover: it ends only once the instance is ready on two reads in a row, and reports the
     * master. A synchronous send is confirmed that way too, and is never sent again without proof
     * (a task, or the roles) that it did not swap.
     */
    switchover?: boolean;
}

/**
 * An operation DCS lists nowhere (a `DcsJob` call, the client-IP flag): never identified after the
 * fact. An ambiguous answer stops the run; a re-run under an intent that may have sent it refuses.
 */
export interface CallTarget extends TargetBase {
    instanceId?: string;
    taskName?: undefined;
    conflict?: undefined;
    switchover?: undefined;
}

/** What to run: one of the two kinds above, told apart by `taskName`. */
export type OperationTarget = ListedTarget | CallTarget;

/** Everything the lifecycle talks to; the resources and the CLI bind a `DcsClient`, tests a model. */
export interface OperationPorts {
    clock: Clock;
    trigger(
        spec: TriggerSpec,
        options: {
            deadline: number;
            signal?: AbortSignal;
            onBusy?: (error: DcsApiError) => Promise<void>;
            onEvent?: (e: TriggerEvent) => void;
            beforeAttempt?: () => void;
        },
    ): Promise<TriggerResult>;
    jobs: JobReader;
    tasks: TaskPageLister;
    /** Readiness and roles; without them a switchover ends with its job, and a sync send is identified by its task alone. */
    instances?: InstanceViews;
    journal: Journal;
    log(message: string): void;
    signal?: AbortSignal;
}

export interface OperationOptions {
    /** Absolute epoch-ms deadline of the whole operation, on `ports.clock`; every wait below ends by it. */
    deadline: number;
    pollPolicy?: Partial<PollPolicy>;
    /** How long the same operation took last time on this instance, when known: see `WaitOptions.expectedDurationMs`. */
    expectedDurationMs?: number;
    /** See `DEFAULT_IDENTIFY_GRACE_MS`. */
    identifyGraceMs?: number;
    random?: () => number;
    onStatus?: (job: DcsJobInfo, elapsedMs: number) => void;
    /** Called right before every send attempt (after any wait); throw to send nothing (a rolling swap's stop rule). */
    beforeSend?: () => void;
}
