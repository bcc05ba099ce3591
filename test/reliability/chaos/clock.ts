import { Clock, DcsAbortedError } from "../../../provider/dcs";
import { Process } from "./process";

/** Client time (epoch ms) at which every schedule starts. */
export const START_MS = Date.UTC(2026, 10, 28, 10, 0, 0);

/**
 * The client's clock: virtual time that only sleeps advance (no real timers), like
 * `provider/testing/virtual-clock.ts`, but each sleep is an await point of the current process.
 * `now()` is monotonic (what durations and deadlines are measured on); `wallNow()` is the runner's
 * wall clock, which a clock step (NTP, a VM resume) moves while `now()` and the sleeps do not.
 */
export class ChaosClock implements Clock {
    process?: Process;
    /** Wall clock minus monotonic time: the sum of the steps so far. */
    wallOffsetMs = 0;

    constructor(private time = START_MS) {}

    now(): number {
        return this.time;
    }

    wallNow(): number {
        return this.time + this.wallOffsetMs;
    }

    /** The wall clock steps by `deltaMs`; nothing else moves. */
    stepWall(deltaMs: number): void {
        this.wallOffsetMs += deltaMs;
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
