import { BUDGET_CUT_FACTOR, BUDGET_CUT_INTERVAL_MS, BUDGET_MIN_RATE, BUDGET_RECOVERY_PER_ANSWER } from "./defaults";
import { DcsAbortedError, DcsConfigError } from "./errors";
import { Clock, systemClock } from "./sleep";

/** Triggers go before polls: a deployment's wall time is set by when its last job starts. */
export type RequestPriority = "trigger" | "poll";

interface Waiter {
    resolve(): void;
    reject(error: Error): void;
    signal?: AbortSignal;
    onAbort?: () => void;
}

/**
 * A request budget shared by every client that holds it: a token bucket of `ratePerSecond` with
 * bursts up to `burst`, served triggers first, then polls, each in arrival order. It adapts like TCP
 * congestion control, since DCS publishes no rate limit: a 429 pauses every holder and cuts the rate
 * (`BUDGET_CUT_FACTOR`, at most once per `BUDGET_CUT_INTERVAL_MS`); each answered request wins a
 * little of it back (`BUDGET_RECOVERY_PER_ANSWER`), up to `ratePerSecond`.
 */
export class RequestBudget {
    private readonly burst: number;
    private rate: number;
    private tokens: number;
    private refilledAt: number;
    private pausedUntil = 0;
    private lastCut = -Infinity;
    private readonly queues: Record<RequestPriority, Waiter[]> = { trigger: [], poll: [] };
    private pumping = false;

    constructor(
        readonly ratePerSecond: number,
        burst = Math.max(1, Math.floor(ratePerSecond)),
        private readonly clock: Clock = systemClock,
    ) {
        if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
            throw new DcsConfigError("ratePerSecond", `must be a positive number, got ${ratePerSecond}`);
        // A bucket that cannot hold one whole token never grants a request.
        if (!(burst >= 1) || !Number.isFinite(burst)) throw new DcsConfigError("burst", `must be a number >= 1, got ${burst}`);
        this.burst = burst;
        this.rate = ratePerSecond;
        this.tokens = burst;
        this.refilledAt = clock.now();
    }

    /** The rate in force now, after any cuts. */
    get currentRate(): number {
        return this.rate;
    }

    /** Waits for a token; rejects with `DcsAbortedError` if `signal` aborts first. */
    acquire(signal?: AbortSignal, priority: RequestPriority = "poll"): Promise<void> {
        if (signal?.aborted) return Promise.reject(DcsAbortedError.bySignal("waiting for the request budget", signal));
        this.refill();
        if (this.tokens >= 1 && this.clock.now() >= this.pausedUntil && this.queues.trigger.length + this.queues.poll.length === 0) {
            this.tokens -= 1;
            return Promise.resolve();
        }
        return new Promise((resolve, reject) => {
            const waiter: Waiter = { resolve, reject, signal };
            if (signal) {
                waiter.onAbort = () => {
                    const queue = this.queues[priority];
                    queue.splice(queue.indexOf(waiter), 1);
                    reject(DcsAbortedError.bySignal("waiting for the request budget", signal));
                };
                signal.addEventListener("abort", waiter.onAbort, { once: true });
            }
            this.queues[priority].push(waiter);
            void this.pump();
        });
    }

    /** An answer that was not a 429: additive increase. */
    succeeded(): void {
        this.rate = Math.min(this.ratePerSecond, this.rate + BUDGET_RECOVERY_PER_ANSWER);
    }

    /** A 429: hold every holder back for `ms` (never shrinking a longer pause) and cut the rate. */
    throttled(ms: number): void {
        const now = this.clock.now();
        if (now - this.lastCut >= BUDGET_CUT_INTERVAL_MS) {
            this.rate = Math.max(Math.min(BUDGET_MIN_RATE, this.ratePerSecond), this.rate * BUDGET_CUT_FACTOR);
            this.lastCut = now;
        }
        this.pausedUntil = Math.max(this.pausedUntil, now + ms);
        this.tokens = Math.min(this.tokens, 0);
    }

    /** One loop hands out tokens as they accrue; it ends when both queues are empty. */
    private async pump(): Promise<void> {
        if (this.pumping) return;
        this.pumping = true;
        try {
            for (;;) {
                const waiter = this.queues.trigger[0] ?? this.queues.poll[0];
                if (!waiter) return;
                this.refill();
                const now = this.clock.now();
                const wait = Math.max(this.pausedUntil - now, this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.rate);
                if (wait > 0) {
                    await this.clock.sleep(wait);
                    continue;
                }
                (this.queues.trigger[0] === waiter ? this.queues.trigger : this.queues.poll).shift();
                this.tokens -= 1;
                if (waiter.onAbort) waiter.signal?.removeEventListener("abort", waiter.onAbort);
                waiter.resolve();
            }
        } finally {
            this.pumping = false;
        }
    }

    private refill(): void {
        const now = this.clock.now();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.rate) / 1000);
        this.refilledAt = now;
    }
}
