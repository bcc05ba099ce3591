import { DcsConnectionOptions, ResolvedConnection, resolveConnection } from "./config";
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, MAX_TRIGGER_ATTEMPTS, TASK_PAGE_SIZE } from "./defaults";
import { DcsAnswerInfo, DcsApiError, DcsConfigError, DcsNetworkError } from "./errors";
import { DcsInstance, DcsJobInfo, DcsTaskPage, parseInstance, parseJob, parseTaskPage } from "./models";
import { DcsNode, parseNodes } from "./nodes";
import { RequestBudget } from "./request-budget";
import { RetryDecision, RetryOptions, withRetries } from "./retry";
import { Clock, systemClock } from "./sleep";
import { DcsExchange, DcsRequest, DcsResponse, DcsTransport } from "./transport";
import { TriggerEvent, TriggerResult, TriggerSpec, sendTrigger } from "./trigger";
import { JobCall, asyncSwapSpec, clientIpSpec, jobCallSpec, syncSwapSpec } from "./trigger-specs";
import { assertInstanceId, assertJobId } from "./validate";

/** Options of `new DcsClient(...)`. Connection fields fall back to the environment (see docs/configuration.md). */
export interface DcsClientOptions extends DcsConnectionOptions {
    /** Per-request timeout; default `DEFAULT_REQUEST_TIMEOUT_MS`. */
    requestTimeoutMs?: number;
    /** Aborts every call and wait of this client. */
    signal?: AbortSignal;
    /** Shared request budget (rate limit); default none. */
    budget?: RequestBudget;
    /** Called after every HTTP exchange (method, path, status, request id; never headers or bodies): for debug logs. */
    onExchange?: (exchange: DcsExchange) => void;
    retry?: Partial<RetryOptions>;
    clock?: Clock;
    /** Environment to read fallbacks from; default `process.env`. */
    env?: Record<string, string | undefined>;
}

/** Per-call options. */
export interface CallOptions {
    signal?: AbortSignal;
    /** Absolute epoch-ms deadline (on the client's clock) for the call including its retries; a trigger defaults to now + `DEFAULT_TIMEOUT_MS`. */
    deadline?: number;
}

/** Per-trigger options. */
export interface TriggerOptions extends CallOptions {
    onEvent?: (event: TriggerEvent) => void;
    /** Called when DCS answers busy, before waiting for the instance; throw to give up instead. */
    onBusy?: (error: DcsApiError) => Promise<void>;
    /** Called right before every attempt, after any wait; throw to send nothing more. */
    beforeAttempt?: () => void;
}

/** A page or date range of background tasks. The API's `limit` is 1–1000 (default 10). */
export interface TaskRange {
    start?: Date;
    end?: Date;
    offset?: number;
    limit?: number;
}

/** The largest page ListBackgroundTask serves (an API limit; the page size we ask for is `TASK_PAGE_SIZE`). */
export const MAX_TASK_PAGE = 1000;
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
        this.transport = new DcsTransport(connection, { requestTimeoutMs, budget: options.budget, userAgent: USER_AGENT, onExchange: options.onExchange });
    }

    /** `GET /v2/{project_id}/jobs/{job_id}`. */
    async showJob(jobId: string, options: CallOptions = {}): Promise<DcsJobInfo> {
        assertJobId(jobId);
        return this.read({ operation: "showJob", method: "GET", path: `/v2/${this.projectId}/jobs/${jobId}` }, options, (body, answer) =>
            parseJob(body, jobId, answer),
        );
    }

    /** `GET /v2/{project_id}/instances/{instance_id}`. */
    async showInstance(instanceId: string, options: CallOptions = {}): Promise<DcsInstance> {
        assertInstanceId(instanceId);
        return this.read({ operation: "showInstance", method: "GET", path: `/v2/${this.projectId}/instances/${instanceId}` }, options, (body, answer) =>
            parseInstance(body, instanceId, answer),
        );
    }

    /** `GET /v2/{project_id}/instances/{instance_id}/logical-nodes` (Huawei Cloud; see `nodes.ts`). */
    async showNodes(instanceId: string, options: CallOptions = {}): Promise<DcsNode[]> {
        assertInstanceId(instanceId);
        return this.read({ operation: "showNodes", method: "GET", path: `/v2/${this.projectId}/instances/${instanceId}/logical-nodes` }, options, parseNodes);
    }

    /**
     * One page of `GET /v2/{project_id}/instances/{instance_id}/tasks` (`range.limit` tasks from
     * `range.offset`; `total` counts them all); times are sent as UTC `yyyyMMddHHmmss`. There is no
     * all-pages read here: `operations/task-list` reads every page, and starts over when the list moves.
     */
    async listBackgroundTaskPage(instanceId: string, range: TaskRange = {}, options: CallOptions = {}): Promise<DcsTaskPage> {
        assertInstanceId(instanceId);
        return this.read(
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
            parseTaskPage,
        );
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
        const deadline = options.deadline ?? this.clock.now() + DEFAULT_TIMEOUT_MS;
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
            beforeAttempt: options.beforeAttempt,
        });
    }

    /**
     * Sends a read with retries, then parses its 2xx body. A body `parse` cannot use is a
     * `DcsResponseError`, not retried here: the wait above decides whether to ask again.
     */
    private async read<T>(request: DcsRequest, options: CallOptions, parse: (body: unknown, answer: DcsAnswerInfo) => T): Promise<T> {
        const signal = this.signalFor(options);
        const response: DcsResponse = await withRetries(() => this.transport.send(request, signal), classifyForRead, {
            options: this.retry,
            clock: this.clock,
            signal,
            deadline: options.deadline,
            onRetry: (_error, delayMs, decision) => {
                if (decision.errorClass === "throttled") this.budget?.throttled(delayMs);
            },
        });
        return parse(response.body, { operation: request.operation, status: response.status, requestId: response.requestId });
    }

    private signalFor(options: CallOptions): AbortSignal | undefined {
        const signals = [this.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
        return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
    }
}

/** Reads are idempotent: retry throttling, transient answers and any network failure. */
function classifyForRead(error: unknown): RetryDecision {
    if (error instanceof DcsApiError) {
        const retry = error.errorClass === "throttled" || error.errorClass === "transient";
        return { retry, errorClass: error.errorClass, retryAfterMs: error.retryAfterMs };
    }
    if (error instanceof DcsNetworkError) return { retry: true, errorClass: "network" };
    return { retry: false, errorClass: "permanent" };
}

function taskTime(date: Date): string {
    return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
