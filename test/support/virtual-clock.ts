import { Clock, DcsAbortedError } from "../../provider/dcs";

/** A clock whose sleeps return at once and advance virtual time; records every sleep for assertions. */
export class VirtualClock implements Clock {
    readonly sleeps: number[] = [];

    constructor(private time = 1_700_000_000_000) {}

    now(): number {
        return this.time;
    }

    async sleep(ms: number, signal?: AbortSignal): Promise<void> {
        if (signal?.aborted) throw DcsAbortedError.bySignal("waiting", signal);
        this.sleeps.push(ms);
        this.time += Math.max(0, ms);
    }

    advance(ms: number): void {
        this.time += ms;
    }
}
