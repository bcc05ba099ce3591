import { validateBehaviour } from "./behaviour";
import { CounterBook } from "./counters";
import { FaultQueue } from "./faults";
import { jobView } from "./jobs";
import { startOperatorSwap, validateOperatorSwap } from "./operator";
import { RateLimiter } from "./rate-limit";
import { validateFaults, validateInstanceId, validateRateLimit, validateScenario } from "./scenario";
import { SimState, StateConfig } from "./state";
import { ApiBehaviour, Counters, FaultSpec, InstanceScenario, InstanceView, JobView, OperatorSwapOptions, RateLimit } from "./types";

/** Fixed settings of one simulator run. */
export interface CoreConfig {
    projectId: string;
    credentials: { accessKey: string; secretKey: string };
    token: string;
    state: StateConfig;
    /** What `reset()` returns to. */
    initial: {
        instances: Record<string, Partial<InstanceScenario>>;
        faults: FaultSpec[];
        rateLimit?: RateLimit;
        behaviour: ApiBehaviour;
    };
}

/**
 * The simulator's state and controls, shared by the HTTP server, the admin endpoints and the
 * programmatic API so that all three see and change the same thing. Inputs are validated here
 * because admin calls and scenario files bring untyped JSON.
 */
export class SimulatorCore {
    readonly state: SimState;
    readonly counters = new CounterBook();
    readonly faults = new FaultQueue();
    readonly limiter: RateLimiter;
    /** Read per request, so an admin change applies to the next request. */
    behaviour: ApiBehaviour;

    constructor(
        readonly config: CoreConfig,
        readonly now: () => number = Date.now,
    ) {
        this.state = new SimState(config.state);
        this.limiter = new RateLimiter(undefined, now);
        this.behaviour = { ...config.initial.behaviour };
        this.reset();
    }

    setInstance(id: string, scenario: Partial<InstanceScenario>): InstanceView {
        validateInstanceId(id);
        const partial = validateScenario(scenario);
        const now = this.now();
        this.state.settle(now);
        this.state.setInstance(id, partial, now);
        return this.state.instanceView(id, now)!;
    }

    addFaults(faults: FaultSpec | FaultSpec[]): void {
        this.faults.add(validateFaults(faults));
    }

    clearFaults(): void {
        this.faults.clear();
    }

    /** See `RunningSimulator.operatorSwap`. */
    operatorSwap(id: string, options?: OperatorSwapOptions): JobView {
        validateInstanceId(id);
        const now = this.now();
        this.state.settle(now);
        const job = startOperatorSwap(this.state, this.behaviour, id, validateOperatorSwap(options), now);
        this.counters.effect("swaps", id);
        return jobView(job, now);
    }

    forgetFinished(): number {
        return this.state.forgetFinished(this.now());
    }

    setBehaviour(partial: Partial<ApiBehaviour>): ApiBehaviour {
        this.behaviour = { ...this.behaviour, ...validateBehaviour(partial) };
        return { ...this.behaviour };
    }

    /** The simulated server's clock: what it reports and checks X-Sdk-Date against. */
    serverNow(): number {
        return this.now() + this.behaviour.serverClockSkewMs;
    }

    setRateLimit(limit: RateLimit | undefined): void {
        this.limiter.set(validateRateLimit(limit));
    }

    counterSnapshot(): Counters {
        return this.counters.snapshot();
    }

    resetCounters(): void {
        this.counters.clear();
    }

    reset(): void {
        const { instances, faults, rateLimit, behaviour } = this.config.initial;
        this.behaviour = { ...behaviour };
        this.state.clear();
        this.faults.clear();
        this.counters.clear();
        this.limiter.set(rateLimit);
        const now = this.now();
        for (const [id, scenario] of Object.entries(instances)) this.state.setInstance(id, scenario, now);
        this.faults.add(faults);
    }

    instance(id: string): InstanceView | undefined {
        const now = this.now();
        this.state.settle(now);
        return this.state.instanceView(id, now);
    }

    jobs(): JobView[] {
        const now = this.now();
        this.state.settle(now);
        return this.state.jobViews(now);
    }
}
