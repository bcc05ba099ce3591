/**
 * The model's endpoints, as the lifecycle's ports see them: `send` (what `sendTrigger` calls),
 * `showInstance`, one page of ListBackgroundTask, ShowJobInfo. Each is an await point of the
 * current process, takes some virtual time, and applies the schedule's faults while the run is
 * not calm. Bodies go through the client's own parsers. The node roles exist only where the world
 * has them, and fail to read during a role outage; forgotten jobs answer 404.
 */
import { DcsInstance, DcsJobInfo, DcsMaster, DcsTaskPage } from "../../../provider/dcs";
import { parseInstance, parseJob, parseTaskPage } from "../../../provider/dcs/models";
import { DcsRequest, DcsResponse } from "../../../provider/dcs/transport";
import { busyError, fiveXx, jobNotFound, missingApiError, networkError, readFailure, throttledError } from "./answers";
import { ChaosClock } from "./clock";
import { DcsModel, INSTANCE_ID, PROJECT_ID } from "./dcs-model";
import { stoppedIn } from "./fleet-lane";
import { Process } from "./process";
import { Rng } from "./rng";
import { SendPlan, TriggerFault } from "./schedule";
import { Tally, Trace } from "./trace";

/** Who is calling: the run in progress. */
export interface RunContext {
    phase: number;
    run: number;
    /** No faults, no kills. */
    calm: boolean;
    process: Process;
    sends: SendPlan[];
}

/** The client's request timeout: a timed-out request answers after this long. */
const REQUEST_TIMEOUT_MS = 30_000;
const LIST_REQUEST: DcsRequest = { operation: "listBackgroundTasks", method: "GET", path: `/v2/${PROJECT_ID}/instances/${INSTANCE_ID}/tasks` };
const NODES_REQUEST: DcsRequest = { operation: "showNodes", method: "GET", path: `/v2/${PROJECT_ID}/instances/${INSTANCE_ID}/logical-nodes` };

/** A trigger request as it reached the model (before any fault). */
export interface SentRequest {
    phase: number;
    run: number;
    api: "async" | "sync";
    fault?: string;
    /** Server time it was sent. */
    at: number;
    /** Sent by a rolling swap's lane whose stop rule had closed (continueOnFailure aside): never allowed. */
    afterStop?: string;
}

export class DcsApi {
    /** Every trigger request sent, in order. */
    readonly requests: SentRequest[] = [];
    private ctx!: RunContext;
    private sendIndex = 0;
    /** Client ms until which the task list fails (an outage started by a send). */
    private listDownUntil = -Infinity;
    /** Client ms until which node-role reads fail (a role outage). */
    private rolesDownUntil = -Infinity;
    /** `task_count` of the last first page: a later page with another count means the list moved while paged. */
    private firstPageTotal = 0;

    constructor(
        private readonly model: DcsModel,
        private readonly clock: ChaosClock,
        private readonly rng: Rng,
        private readonly trace: Trace,
        private readonly tally: Tally,
    ) {}

    beginRun(ctx: RunContext): void {
        if (ctx.run === 0) this.sendIndex = 0;
        this.ctx = ctx;
    }

    /** A trigger request (async PUT or sync POST), answered as DCS and the network would. */
    async send(request: DcsRequest): Promise<DcsResponse> {
        // Judged as the request leaves, before its own await point (where a lane may fail while it is on the wire).
        const afterStop = stoppedIn(this.ctx.process);
        const { process, calm, phase, run } = this.enter();
        const plan = calm ? undefined : this.ctx.sends[this.sendIndex];
        this.sendIndex++;
        const fault = plan?.fault;
        const async = request.path.endsWith("/async-swap");
        const label = `${request.method} ${async ? "async-swap" : "swap"}`;
        this.requests.push({ phase, run, api: async ? "async" : "sync", fault: fault && faultKey(fault), at: this.model.serverNow(), afterStop });
        if (plan?.listOutageMs) {
            this.listDownUntil = this.clock.now() + plan.listOutageMs;
            this.tally.add("list-outage");
            this.trace.log(`(task list down for ${plan.listOutageMs / 1000} s from now)`);
        }
        if (fault) this.tally.add(faultKey(fault));
        if (fault?.kind === "reset-before") return this.fail(label, networkError(request, "ECONNREFUSED"), "never reached DCS");
        const half = this.latency() / 2;
        this.pass(half);
        if (fault?.kind === "throttled") {
            this.pass(half);
            return this.fail(label, throttledError(request), "refused by the gateway");
        }
        if (fault?.kind === "busy") this.model.foreignBusyUntil = Math.max(this.model.foreignBusyUntil, this.model.serverNow() + fault.forMs);
        const lost = lostAnswer(request, fault);
        const answerAfter = lost?.timeout ? REQUEST_TIMEOUT_MS : half;
        // OTC has no async API: whatever the answer, such a request starts nothing.
        const missing = async && this.model.schedule.profile === "otc";
        if (lost && (!lost.performed || lost.lagMs)) {
            this.pass(answerAfter);
            if (lost.performed && !missing)
                this.model.processLater({ at: this.model.serverNow() + lost.lagMs, api: async ? "async" : "sync", phase, run, calm });
            return this.fail(label, lost.error, lost.performed ? `DCS will process it in ${lost.lagMs / 1000} s` : "not processed");
        }

        // DCS processes the request now.
        let answer: DcsResponse | Error;
        let note = "";
        if (missing) {
            answer = missingApiError(request);
        } else if (this.model.instanceTask(!calm) !== undefined) {
            if (this.model.runningSwap()?.phase === phase) this.tally.add("near-miss");
            answer = busyError(request);
            note = `busy: ${this.model.instanceTask(!calm)}`;
        } else {
            const swap = this.model.accept(async ? "async" : "sync", phase, run, calm);
            answer = async ? { status: 200, body: { job_id: swap.jobId } } : { status: 204, body: undefined };
            note = `processed: swap #${swap.n}`;
            process.accepted();
        }
        this.pass(answerAfter);
        if (lost) return this.fail(label, lost.error, note);
        if (fault?.kind === "no-job-id" && !(answer instanceof Error)) {
            const body = fault.body === "{}" ? {} : "OK";
            this.trace.log(`${label} → 200 ${JSON.stringify(body)} (no job id)`);
            return { status: 200, body };
        }
        if (answer instanceof Error) return this.fail(label, answer, note);
        this.trace.log(`${label} → ${answer.status}${async ? " {job_id}" : ""}`);
        return answer;
    }

    async showInstance(): Promise<DcsInstance> {
        this.enter();
        this.pass(this.latency());
        const task = this.model.instanceTask(!this.ctx.calm);
        return parseInstance({ instance_id: INSTANCE_ID, name: "chaos", status: "RUNNING", task: task ?? null }, INSTANCE_ID);
    }

    /**
     * The node roles: where the world has them (under the premises both profiles do, so that a sync
     * swap the model did not list could still be told apart); none, as a missing API reads, elsewhere.
     */
    async master(): Promise<DcsMaster | undefined> {
        this.enter();
        this.pass(this.latency());
        if (!this.model.world.roles) return undefined;
        if (!this.ctx.calm && this.clock.now() < this.rolesDownUntil) {
            this.tally.add("role-read-failed");
            throw readFailure(NODES_REQUEST, this.rng);
        }
        return { nodeId: this.model.switchovers() % 2 === 0 ? "node-a" : "node-b", azCode: "az-1" };
    }

    /** Node-role reads fail for `forMs` from now (while runs are not calm). */
    rolesDown(forMs: number): void {
        this.rolesDownUntil = Math.max(this.rolesDownUntil, this.clock.now() + forMs);
    }

    async listBackgroundTaskPage(_instanceId: string, page: { offset: number; limit: number }): Promise<DcsTaskPage> {
        this.enter();
        this.pass(this.latency());
        if (!this.ctx.calm) {
            if (this.clock.now() < this.listDownUntil) throw readFailure(LIST_REQUEST, this.rng);
            if (this.rng.chance(this.model.schedule.listFailProbability)) {
                this.tally.add("list-flaky");
                throw readFailure(LIST_REQUEST, this.rng);
            }
        }
        const body = this.model.taskPage(page.offset, page.limit);
        if (page.offset === 0) this.firstPageTotal = body.task_count;
        else if (body.task_count !== this.firstPageTotal) this.tally.add("list-moved-while-paging");
        return parseTaskPage(body);
    }

    async showJob(jobId: string): Promise<DcsJobInfo> {
        this.enter();
        this.pass(this.latency());
        const request: DcsRequest = { operation: "showJob", method: "GET", path: `/v2/${PROJECT_ID}/jobs/${jobId}` };
        if (!this.ctx.calm && this.rng.chance(this.model.schedule.showJobFailProbability)) {
            this.tally.add("show-job-flaky");
            throw readFailure(request, this.rng);
        }
        const swap = this.model.byJobId(jobId);
        if (swap && this.model.forgotten(swap, "job")) this.tally.add("retention-job-404");
        if (!swap || this.model.serverNow() < swap.notFoundUntil || this.model.forgotten(swap, "job")) throw jobNotFound(request);
        return parseJob(this.model.jobJson(swap), jobId);
    }

    /** An await point of the calling process; DCS catches up with requests processed late. */
    private enter(): RunContext {
        this.ctx.process.step();
        this.model.catchUp();
        return this.ctx;
    }

    /** Time spent on the wire: the clock moves while the call is in flight. */
    private pass(ms: number): void {
        if (ms <= 0) return;
        this.clock.advance(ms);
        this.model.catchUp();
    }

    private latency(): number {
        return this.model.schedule.latencyMs > 0 ? this.rng.int(0, this.model.schedule.latencyMs) : 0;
    }

    private fail(label: string, error: Error, note: string): never {
        this.trace.log(`${label} → ${error.message}${note ? ` [${note}]` : ""}`);
        throw error;
    }
}

/** The error a lost answer surfaces as, and whether (and how late) DCS processed the request. */
function lostAnswer(request: DcsRequest, fault: TriggerFault | undefined): { error: Error; performed: boolean; lagMs: number; timeout: boolean } | undefined {
    switch (fault?.kind) {
        case "reset-after":
            return { error: networkError(request, "ECONNRESET"), performed: fault.performed, lagMs: fault.lagMs ?? 0, timeout: false };
        case "timeout":
            return { error: networkError(request, "ETIMEDOUT"), performed: fault.performed, lagMs: fault.lagMs ?? 0, timeout: true };
        case "5xx":
            return { error: fiveXx(request, fault.status), performed: fault.performed, lagMs: fault.lagMs ?? 0, timeout: false };
        default:
            return undefined;
    }
}

/** The fault kind as reported: `5xx-502`, `no-job-id-text`, `reset-after-performed`... */
export function faultKey(fault: TriggerFault): string {
    switch (fault.kind) {
        case "5xx":
            return `5xx-${fault.status}${fault.performed ? "-performed" : ""}`;
        case "reset-after":
        case "timeout":
            return `${fault.kind}${fault.performed ? "-performed" : ""}`;
        case "no-job-id":
            return `no-job-id-${fault.body === "{}" ? "json" : "text"}`;
        default:
            return fault.kind;
    }
}
