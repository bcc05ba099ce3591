/** The DCS API calls the simulator serves; fault specs and counters are keyed by these names. */
export type Operation = "showJob" | "showInstance" | "showNodes" | "listTasks" | "asyncSwap" | "syncSwap" | "clientIp" | "ssl";

export const OPERATIONS: readonly Operation[] = ["showJob", "showInstance", "showNodes", "listTasks", "asyncSwap", "syncSwap", "clientIp", "ssl"];

/**
 * How a faulty answer looks. "reset-after", "slow" and "malformed-json" perform the operation
 * first (so its effect happens), the others answer instead of performing it. "canned" answers
 * the spec's `status` and `body` byte for byte (contract fixtures, test/fixtures/).
 */
export type FaultKind =
    "429" | "429-retry-after" | "500" | "502" | "504" | "reset-before" | "reset-after" | "slow" | "malformed-json" | "401-token-expired" | "busy" | "canned";

/**
 * The failure kinds; test/reliability/fault-matrix.test.ts covers each in both phases. "canned" is a
 * `FaultKind` but not listed here: it is no failure of its own, it answers whatever a test scripts.
 */
export const FAULT_KINDS: readonly FaultKind[] = [
    "429",
    "429-retry-after",
    "500",
    "502",
    "504",
    "reset-before",
    "reset-after",
    "slow",
    "malformed-json",
    "401-token-expired",
    "busy",
];

/** A fault to inject into the next `count` matching requests (authenticated ones only). */
export interface FaultSpec {
    operation: Operation | "any";
    kind: FaultKind;
    /** How many matching requests get this fault; default 1. */
    count?: number;
    /** Only requests about this instance (for showJob: the job's instance). */
    instanceId?: string;
    /** Wait this long before acting; for "slow" the answer delay, default 35 s. */
    delayMs?: number;
    /**
     * "canned" only: a regular expression the request path (without query) must match. With
     * `operation: "any"` the fault also answers /v2 paths the simulated gateway does not publish
     * (otherwise 404 APIG.0101 before auth), after auth and the project check.
     */
    path?: string;
    /** "canned" only (required): HTTP status of the answer, 200..599. */
    status?: number;
    /** "canned" only (required): the answer body, sent byte for byte (UTF-8); "" sends none. */
    body?: string;
    /** "canned" only: Content-Type of a non-empty body; default `application/json;charset=UTF-8`. */
    contentType?: string;
}

/** How one DCS instance behaves. Every field has a default (see `DEFAULT_SCENARIO`). */
export interface InstanceScenario {
    /** False: every call about this instance answers 404 DCS.3022. */
    exists: boolean;
    /** `single`, `ha`, `ha_rw_split`, `cluster`, `proxy`; only `ha` and `ha_rw_split` can swap. */
    cacheMode: string;
    engineVersion: string;
    /** Instance status; anything but RUNNING makes triggers answer DCS.4049. */
    status: string;
    /** Pass-through flag the instance starts with (setting it later changes the current flag). */
    transparentClientIpEnable: boolean;
    /** SSL flag the instance starts with (extension: needed by the ssl job). */
    enableSsl: boolean;
    /** A new job is INIT this long, then RUNNING. */
    jobInitMs: number;
    /** From creation to SUCCESS/FAIL. */
    jobDurationMs: number;
    /** When set, jobs on this instance end FAIL with this reason and have no effect. */
    failReason: string | null;
    /** Busy window starting when the scenario is set: triggers answer `busyCode`, ShowInstance shows a task. */
    busyForMs: number;
    /** Error code of a busy answer: DCS.4049 (default) or DCS.4026. */
    busyCode: string;
    /** GET of a new job answers 404 DCS.4001 for this long after its creation (eventual consistency). */
    jobNotFoundMs: number;
    /** True: PUT async-swap answers 404 APIG.0101, as on a cloud without the async API (see also `cloud`). */
    asyncSwapUnsupported: boolean;
    /** A new background task is listed as WAITING this long (unless its job has ended by then); 0 = never. */
    taskWaitingMs: number;
    /** Added to every answer about this instance. */
    latencyMs: number;
}

/** Which cloud's DCS API the simulator imitates. */
export type Cloud = "huaweicloud" | "otc";

export const CLOUDS: readonly Cloud[] = ["huaweicloud", "otc"];

/** Order of ListBackgroundTask entries by creation time. */
export type TaskSortOrder = "asc" | "desc";

/**
 * How the simulated API as a whole behaves where the references are silent or clouds differ.
 * The defaults (`DEFAULT_API_BEHAVIOUR`) are the harsher choice; `FRIENDLY_TASK_LISTING` restores
 * the old, easier task listing.
 */
export interface ApiBehaviour {
    /**
     * `huaweicloud`: tasks carry `job_id` and `error_code`; async-swap and client-IP exist.
     * `otc`: tasks carry neither key; async-swap and client-IP answer 404 APIG.0101.
     */
    cloud: Cloud;
    /** ListBackgroundTask order by creation; "asc" = oldest first. */
    taskSortOrder: TaskSortOrder;
    /** False: `start_time`/`end_time` are checked for format but do not filter. */
    honourTaskStartTime: boolean;
    /** A new background task is missing from ListBackgroundTask for this long (its job exists at once). */
    taskAppearDelayMs: number;
    /** Added to every time the simulator reports (and uses for X-Sdk-Date); may be negative. */
    serverClockSkewMs: number;
    /**
     * Whether the synchronous `POST …/swap` shows up in ListBackgroundTask. Nothing confirms it does
     * (see simulator/README.md, "API behaviour: strict by default"), so by default it does not: a client must confirm it some other way.
     */
    syncSwapListsTask: boolean;
}

/** ListBackgroundTask status strings (the job's own statuses stay INIT/RUNNING/SUCCESS/FAIL). */
export type TaskStatus = "WAITING" | "CREATED" | "EXECUTING" | "SUCCESS" | "FAILED";

/** Gateway throttling of every /v2 request: a token bucket with burst = rate. */
export interface RateLimit {
    requestsPerSecond: number;
    /** When set, 429 answers carry `Retry-After: <this>`. */
    retryAfterSeconds?: number;
}

/** Contents of a `--scenario` / `scenarioFile` JSON file; `ApiBehaviour` fields sit at the top level. */
export interface ScenarioFile extends Partial<ApiBehaviour> {
    defaultScenario?: Partial<InstanceScenario>;
    instances?: Record<string, Partial<InstanceScenario>>;
    faults?: FaultSpec[];
    rateLimit?: RateLimit;
}

/** One answered (or reset) request, for logs. Never contains credentials. */
export interface RequestLogEntry {
    requestId: string;
    method: string;
    path: string;
    operation: Operation | "admin" | "unknown";
    /** HTTP status, or "reset" when the socket was destroyed. */
    status: number | "reset";
    durationMs: number;
}

/** Options of `startSimulator`; `ApiBehaviour` fields win over the scenario file's, which win over the defaults. */
export interface SimulatorOptions extends Partial<ApiBehaviour> {
    /** 0 (default) picks a free port. */
    port?: number;
    /** Must be a loopback address; default 127.0.0.1. */
    host?: string;
    projectId?: string;
    credentials?: { accessKey: string; secretKey: string };
    token?: string;
    /** Default true: unknown well-formed UUIDs become instances with the default scenario. */
    autoCreateInstances?: boolean;
    defaultScenario?: Partial<InstanceScenario>;
    /** JSON file (see `ScenarioFile`); explicit options win over it. */
    scenarioFile?: string;
    rateLimit?: RateLimit;
    /** Finished jobs are forgotten this long after they end; default 1 h. */
    jobRetentionMs?: number;
    /** Called once per /v2 or admin request after it is answered. */
    onRequest?: (entry: RequestLogEntry) => void;
    /**
     * The simulated cloud's clock in epoch ms (job and task times, the rate limit, the X-Sdk-Date
     * check); default `Date.now`. Tests pass a virtual clock they share with the client. Latency and
     * slow faults stay real timers.
     */
    now?: () => number;
}

export type JobStatus = "INIT" | "RUNNING" | "SUCCESS" | "FAIL";

/** Per-effect counts of operations DCS accepted (a job or background task was created). */
export interface EffectCounts {
    swaps: number;
    clientIpChanges: number;
    sslChanges: number;
}

export interface Counters {
    /** Requests per operation ("unknown" for unrouted /v2 paths), counted before throttling and auth. */
    requests: Record<string, number>;
    /** Answers per HTTP status (as a string). */
    responses: Record<string, number>;
    /** 429s sent by the rate limiter (not by faults). */
    throttled: number;
    /** Sockets destroyed by reset faults. */
    resets: number;
    effects: EffectCounts;
    perInstance: Record<string, EffectCounts>;
}

/** What the simulator knows about an instance (admin view, not an API shape). */
export interface InstanceView {
    instanceId: string;
    scenario: InstanceScenario;
    status: string;
    /** As ShowInstance shows it: null when idle. */
    task: string | null;
    master: "node-a" | "node-b";
    swapCount: number;
    transparentClientIpEnable: boolean;
    enableSsl: boolean;
    /** Epoch ms; 0 when there is no busy window. */
    busyUntil: number;
}

/** A job or background task (admin view). The sync swap has a task but no `jobId`. */
export interface JobView {
    jobId?: string;
    taskId: string;
    jobType: string;
    instanceId: string;
    status: JobStatus;
    createdAt: number;
    endsAt: number;
    failReason: string | null;
}

/** How a swap started outside the client under test goes (`RunningSimulator.operatorSwap`). */
export interface OperatorSwapOptions {
    /** True: the job ends FAIL (its task FAILED) and swaps nothing. Otherwise the instance's scenario decides, as for an API swap. */
    fail?: boolean;
    /** The API the operator's swap went through: "async" (default) has a job id; "sync" has none and is listed only when `syncSwapListsTask`. */
    api?: "async" | "sync";
}

export interface RunningSimulator {
    url: string;
    port: number;
    projectId: string;
    credentials: { accessKey: string; secretKey: string };
    token: string;
    /** DCS_ENDPOINT, OS_ACCESS_KEY, OS_SECRET_KEY, OS_PROJECT_ID for a client or a child process. */
    env: Record<string, string>;
    /** Stops listening, destroys open sockets and cancels delayed answers. */
    stop(): Promise<void>;
    /** Merges into the instance's scenario (creating it); a `busyForMs` starts its window now. */
    setInstance(id: string, scenario: Partial<InstanceScenario>): void;
    addFaults(faults: FaultSpec | FaultSpec[]): void;
    /** Merges into the API behaviour (cloud, task listing, clock skew); `reset()` restores the initial one. */
    setBehaviour(behaviour: Partial<ApiBehaviour>): void;
    behaviour(): ApiBehaviour;
    /** Replaces (or with undefined removes) the gateway rate limit. */
    setRateLimit(limit: RateLimit | undefined): void;
    counters(): Counters;
    resetCounters(): void;
    /** Back to the state right after start: initial instances, faults, rate limit and behaviour; no jobs. */
    reset(): void;
    instance(id: string): InstanceView | undefined;
    jobs(): JobView[];
    /**
     * A swap started outside the client under test (the console, an operator): a job and its
     * background task exactly as an API swap makes them, listed by the same rules. Counted as an
     * effect (DCS accepted it), not as a request. Throws where DCS would refuse the swap: unknown
     * instance, not master/standby, busy, or `api: "async"` where that API does not exist.
     */
    operatorSwap(instanceId: string, options?: OperatorSwapOptions): JobView;
    /** DCS retention, now: every finished job and its task is forgotten (GET /jobs/{id} answers 404, the task list drops it). Returns how many. */
    forgetFinished(): number;
    /** Drops every pending fault. */
    clearFaults(): void;
}
