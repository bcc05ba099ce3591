import { DcsConnectionOptions, ResolvedConnection, resolveConnection } from "./config";
import { DcsApiError, DcsConfigError, DcsNetworkError } from "./errors";
import { DcsBackgroundTask, DcsInstance, DcsJobInfo, DcsTaskPage, parseInstance, parseJob, parseTaskPage } from "./models";
import { DcsNode, parseNodes } from "./nodes";
import { RequestBudget } from "./request-budget";
import { DEFAULT_RETRY, RetryDecision, RetryOptions, withRetries } from "./retry";
import { Clock, systemClock } from "./sleep";
import { DcsRequest, DcsResponse, DcsTransport } from "./transport";
import { TriggerEvent, TriggerResult, TriggerSpec, sendTrigger } from "./trigger";
import { JobCall, asyncSwapSpec, clientIpSpec, jobCallSpec, syncSwapSpec } from "./trigger-specs";
import { assertInstanceId, assertJobId } from "./validate";

/** Options of `new DcsClient(...)`. Connection fields fall back to the environment (see README). */
export interface DcsClientOptions extends DcsConnectionOptions {
    /** Per-request timeout; default 30 s (the gateway's own backend timeout). */
    requestTimeoutMs?: number;
    /** Aborts every call and wait of this client. */
    signal?: AbortSignal;
    /** Shared request budget (rate limit); default none. */
    budget?: RequestBudget;
    retry?: Partial<RetryOptions>;
    clock?: Clock;
    /** Environment to read fallbacks from; default `process.env`. */
    env?: Record<string, string | undefined>;
}

/** Per-call options. */
export interface CallOptions {
    signal?: AbortSignal;
    /** Absolute epoch-ms deadline for the call including its retries. */
    deadline?: number;
}

/** Per-trigger options. */
export interface TriggerOptions extends CallOptions {
    onEvent?: (event: TriggerEvent) => void;
    /** Called when DCS answers busy, before waiting for the instance; throw to give up instead. */
    onBusy?: (error: DcsApiError) => Promise<void>;
}

/** A page or date range of background tasks. The API's `limit` is 1–1000 (default 10). */
export interface TaskRange {
    start?: Date;
    end?: Date;
    offset?: number;
    limit?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_TRIGGER_DEADLINE_MS = 30 * 60_000;
/** The largest page ListBackgroundTask serves. */
export const MAX_TASK_PAGE = 1000;
/**
 * The page size we ask for: half the maximum, so that a page of tasks with every `details` field
 * filled (about 0.9 MB at 1000) stays well inside the 1 MiB response cap.
 */
export const TASK_PAGE_SIZE = 500;
/** Busy waits (and replays of replay-safe calls) one trigger may go through. */
const MAX_TRIGGER_ATTEMPTS = 10;
const USER_AGENT = "pulumi-dcs-jobs";

/**
 * A DCS v2 API client. Reads retry throttled/transient failures with jittered backoff; triggers
 * are never replayed unless DCS certainly did not accept them (see `sendTrigger`; `operations/` identifies what an ambiguous answer may have started).
 */
export class DcsClient {
    readonly projectId: string;
    readonly endpoint: string;
    private readonly transport: DcsTransport;
    private readonly retry: RetryOptions;
    private readonly clock: Clock;
    private readonly signal?: AbortSignal;
    private readonly budget?: RequestBudget;

    constructor(options: DcsClientOptions = {}) {
        const connection: ResolvedConnection = resolveConnection(options, options.env);
        const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
        if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0)
            throw new DcsConfigError("requestTimeoutMs", "must be a positive number of milliseconds");
        this.projectId = connection.projectId;
        this.endpoint = connection.endpoint;
        this.retry = { ...DEFAULT_RETRY, ...options.retry };
        this.clock = options.clock ?? systemClock;
        this.signal = options.signal;
        this.budget = options.budget;
        this.transport = new DcsTransport(connection, { requestTimeoutMs, budget: options.budget, userAgent: USER_AGENT });
    }

    /** `GET /v2/{project_id}/jobs/{job_id}`. */
    async showJob(jobId: string, options: CallOptions = {}): Promise<DcsJobInfo> {
        assertJobId(jobId);
        const response = await this.read({ operation: "showJob", method: "GET", path: `/v2/${this.projectId}/jobs/${jobId}` }, options);
        return parseOrThrow("showJob", () => parseJob(response.body, jobId));
    }

    /** `GET /v2/{project_id}/instances/{instance_id}`. */
    async showInstance(instanceId: string, options: CallOptions = {}): Promise<DcsInstance> {
        assertInstanceId(instanceId);
        const response = await this.read({ operation: "showInstance", method: "GET", path: `/v2/${this.projectId}/instances/${instanceId}` }, options);
        return parseOrThrow("showInstance", () => parseInstance(response.body, instanceId));
    }

    /** `GET /v2/{project_id}/instances/{instance_id}/logical-nodes` (Huawei Cloud; see `nodes.ts`). */
    async showNodes(instanceId: string, options: CallOptions = {}): Promise<DcsNode[]> {
        assertInstanceId(instanceId);
        const response = await this.read(
            { operation: "showNodes", method: "GET", path: `/v2/${this.projectId}/instances/${instanceId}/logical-nodes` },
            options,
        );
        return parseOrThrow("showNodes", () => parseNodes(response.body));
    }

    /** One page of `GET /v2/{project_id}/instances/{instance_id}/tasks`; times are sent as UTC `yyyyMMddHHmmss`. */
    async listBackgroundTaskPage(instanceId: string, range: TaskRange = {}, options: CallOptions = {}): Promise<DcsTaskPage> {
        assertInstanceId(instanceId);
        const response = await this.read(
            {
                operation: "listBackgroundTasks",
                method: "GET",
                path: `/v2/${this.projectId}/instances/${instanceId}/tasks`,
                query: {
                    offset: range.offset ?? 0,
                    limit: range.limit ?? TASK_PAGE_SIZE,
                    start_time: range.start && taskTime(range.start),
                    end_time: range.end && taskTime(range.end),
                },
            },
            options,
        );
        return parseOrThrow("listBackgroundTasks", () => parseTaskPage(response.body));
    }

    /** The tasks of one page (see `listBackgroundTaskPage`; `operations/task-list` reads every page). */
    async listBackgroundTasks(instanceId: string, range: TaskRange = {}, options: CallOptions = {}): Promise<DcsBackgroundTask[]> {
        return (await this.listBackgroundTaskPage(instanceId, range, options)).tasks;
    }

    /** `PUT …/async-swap` → the swap job. Sent once; see `trigger`. */
    swapMasterStandby(instanceId: string, options: TriggerOptions = {}): Promise<TriggerResult> {
        return this.trigger(asyncSwapSpec(this.projectId, instanceId), options);
    }

    /** `POST …/swap` → 204 without a job. Sent once; see `trigger`. */
    swapMasterStandbySync(instanceId: string, options: TriggerOptions = {}): Promise<TriggerResult> {
        return this.trigger(syncSwapSpec(this.projectId, instanceId), options);
    }

    /** `PUT …/{instance_id}/client-ip-transparent-transmission`; "already set" is `noChange`. */
    setClientIpPassthrough(instanceId: string, enabled: boolean, options: TriggerOptions = {}): Promise<TriggerResult> {
        return this.trigger(clientIpSpec(this.projectId, instanceId, enabled), options);
    }

    /**
     * Any other DCS call that answers with a job id; `path` is relative to `/v2/{project_id}` or a full
     * `/v2/…` path (see `JobCall`). A refused path rejects with `DcsConfigError("path")` before anything is sent.
     */
    async triggerJob(call: JobCall, options: TriggerOptions = {}): Promise<TriggerResult> {
        return this.trigger(jobCallSpec(this.projectId, call, this.endpoint), options);
    }

    /** Sends a trigger; see `sendTrigger` for what is retried and what ends in `AmbiguousTriggerError`. */
    trigger(spec: TriggerSpec, options: TriggerOptions = {}): Promise<TriggerResult> {
        const signal = this.signalFor(options);
        const deadline = options.deadline ?? this.clock.now() + DEFAULT_TRIGGER_DEADLINE_MS;
        return sendTrigger(spec, {
            send: (request, s) => this.transport.send(request, s),
            // Only called for a spec with an instance: a busy answer without one is final.
            showInstance: () => this.showInstance(spec.instanceId!, { signal, deadline }),
            clock: this.clock,
            deadline,
            signal,
            retry: this.retry,
            maxAttempts: MAX_TRIGGER_ATTEMPTS,
            onThrottled: (ms) => this.budget?.throttled(ms),
            onEvent: options.onEvent,
            onBusy: options.onBusy,
        });
    }

    private read(request: DcsRequest, options: CallOptions): Promise<DcsResponse> {
        const signal = this.signalFor(options);
        return withRetries(() => this.transport.send(request, signal), classifyForRead, {
            options: this.retry,
            clock: this.clock,
            signal,
            deadline: options.deadline,
            onRetry: (_error, delayMs, decision) => {
                if (decision.errorClass === "throttled") this.budget?.throttled(delayMs);
            },
        });
    }

    private signalFor(options: CallOptions): AbortSignal | undefined {
        const signals = [this.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
        return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
    }
}

/** Reads are idempotent: retry throttling, transient answers and any network failure. */
export function classifyForRead(error: unknown): RetryDecision {
    if (error instanceof DcsApiError) {
        const retry = error.errorClass === "throttled" || error.errorClass === "transient";
        return { retry, errorClass: error.errorClass, retryAfterMs: error.retryAfterMs };
    }
    if (error instanceof DcsNetworkError) return { retry: true, errorClass: "network" };
    return { retry: false, errorClass: "permanent" };
}

function parseOrThrow<T>(operation: string, parse: () => T): T {
    try {
        return parse();
    } catch (error) {
        throw new DcsNetworkError(operation, "EBADRESPONSE", true, `unexpected answer shape: ${(error as Error).message}`);
    }
}

function taskTime(date: Date): string {
    return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
