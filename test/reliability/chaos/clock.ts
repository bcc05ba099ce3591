import { Clock, DcsAbortedError } from "../../../provider/dcs";
import { Process } from "./process";

/** Client time (epoch ms) at which every schedule starts. */
export const START_MS = Date.UTC(2026, 10, 28, 10, 0, 0);

/**
 * The client's clock: virtual time that only sleeps advance (no real timers), like
 * `provider/testing/virtual-clock.ts`, but each sleep is an await point of the current process.
 */
export class ChaosClock implements Clock {
    process?: Process;

    constructor(private time = START_MS) {}

    now(): number {
        return this.time;
    }

    async sleep(ms: number, signal?: AbortSignal): Promise<void> {
        this.process?.step();
        if (signal?.aborted) throw DcsAbortedError.bySignal("waiting", signal);
        this.time += Math.max(0, ms);
    }

    /** Time passing between runs (no process is running). */
    advance(ms: number): void {
        this.time += Math.max(0, ms);
    }
}
