import { Counters, EffectCounts } from "./types";

/** Tallies for tests: what was asked, what was answered, and what DCS actually accepted. */
export class CounterBook {
    private data: Counters = empty();

    request(operation: string): void {
        this.data.requests[operation] = (this.data.requests[operation] ?? 0) + 1;
    }

    response(status: number): void {
        const key = String(status);
        this.data.responses[key] = (this.data.responses[key] ?? 0) + 1;
    }

    throttled(): void {
        this.data.throttled++;
    }

    reset(): void {
        this.data.resets++;
    }

    /** An operation was accepted: a job or background task now exists. */
    effect(kind: keyof EffectCounts, instanceId: string): void {
        this.data.effects[kind]++;
        const perInstance = (this.data.perInstance[instanceId] ??= { swaps: 0, clientIpChanges: 0, sslChanges: 0 });
        perInstance[kind]++;
    }

    snapshot(): Counters {
        return structuredClone(this.data);
    }

    clear(): void {
        this.data = empty();
    }
}

function empty(): Counters {
    return { requests: {}, responses: {}, throttled: 0, resets: 0, effects: { swaps: 0, clientIpChanges: 0, sslChanges: 0 }, perInstance: {} };
}
