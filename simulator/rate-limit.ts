import { RateLimit } from "./types";

/**
 * Token bucket with burst = rate, like a per-second gateway policy: a full second's worth of
 * requests may arrive at once, then requests are admitted at the steady rate.
 */
export class RateLimiter {
    private tokens = 0;
    private refilledAt = 0;

    constructor(
        private limit: RateLimit | undefined,
        private readonly now: () => number = Date.now,
    ) {
        this.set(limit);
    }

    get current(): RateLimit | undefined {
        return this.limit;
    }

    set(limit: RateLimit | undefined): void {
        this.limit = limit;
        this.tokens = limit ? burst(limit) : 0;
        this.refilledAt = this.now();
    }

    /** True when the request may pass (and uses a token). */
    tryTake(): boolean {
        if (!this.limit) return true;
        const now = this.now();
        const rate = this.limit.requestsPerSecond;
        this.tokens = Math.min(burst(this.limit), this.tokens + ((now - this.refilledAt) / 1000) * rate);
        this.refilledAt = now;
        if (this.tokens < 1) return false;
        this.tokens -= 1;
        return true;
    }
}

// A rate below 1/s still has to let single requests through now and then.
function burst(limit: RateLimit): number {
    return Math.max(1, limit.requestsPerSecond);
}
