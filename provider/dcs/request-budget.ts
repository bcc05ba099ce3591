import { DcsAbortedError } from "./errors";
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
 * by 30 % (at most once a second, so one burst of 429s counts once); each answered request wins a
 * little of it back, up to `ratePerSecond`.
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
        if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
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
        if (signal?.aborted) return Promise.reject(new DcsAbortedError("waiting for the request budget", { cause: signal.reason }));
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
                    reject(new DcsAbortedError("waiting for the request budget", { cause: signal.reason }));
                };
                signal.addEventListener("abort", waiter.onAbort, { once: true });
            }
            this.queues[priority].push(waiter);
            void this.pump();
        });
    }

    /** An answer that was not a 429: additive increase, about +1 request/s per second at 20 req/s. */
    succeeded(): void {
        this.rate = Math.min(this.ratePerSecond, this.rate + 0.05);
    }

    /** A 429: hold every holder back for `ms` (never shrinking a longer pause) and cut the rate. */
    throttled(ms: number): void {
        const now = this.clock.now();
        if (now - this.lastCut >= 1000) {
            this.rate = Math.max(1, this.rate * 0.7);
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
