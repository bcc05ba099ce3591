import { Clock, systemClock } from "./sleep";

/**
 * A request budget shared by every client that holds it: at most `ratePerSecond` requests per
 * second (bursts up to `burst`), and a 429 pauses all holders together. Generic cell rate
 * algorithm: each request reserves the next free slot, so waiting callers keep their order.
 */
export class RequestBudget {
    private readonly intervalMs: number;
    private readonly burst: number;
    private nextSlot = 0;

    constructor(readonly ratePerSecond: number, burst = Math.max(1, Math.floor(ratePerSecond)), private readonly clock: Clock = systemClock) {
        if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
        this.intervalMs = 1000 / ratePerSecond;
        this.burst = burst;
    }

    /** Waits for a slot. */
    async acquire(signal?: AbortSignal): Promise<void> {
        const now = this.clock.now();
        const earliest = Math.max(now, this.nextSlot - (this.burst - 1) * this.intervalMs);
        this.nextSlot = Math.max(this.nextSlot, now) + this.intervalMs;
        if (earliest > now) await this.clock.sleep(earliest - now, signal);
    }

    /** Holds back every holder for `ms` (after a 429), without shrinking a longer pause already set. */
    pause(ms: number): void {
        const until = this.clock.now() + ms + this.burst * this.intervalMs;
        this.nextSlot = Math.max(this.nextSlot, until);
    }
}
