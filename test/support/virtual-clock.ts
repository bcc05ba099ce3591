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

interface Sleeper {
    at: number;
    resolve(): void;
    reject(error: Error): void;
    signal?: AbortSignal;
    onAbort?: () => void;
}

/**
 * Virtual time for code that does real I/O: the runtime against the in-process simulator, which
 * takes `() => clock.now()` as its `now`. Time moves only when the code under test sleeps. A sleep
 * registers its wake-up and yields to the event loop (so requests, answers and real timers go on);
 * when the loop comes round, time jumps to the earliest wake-up and the sleepers due then resume,
 * in order of wake-up. A 30 s grace takes a few ms.
 *
 * Limits: two flows run concurrently only if both sleep on this clock; one waiting for real I/O
 * while the other sleeps lets the sleeper run ahead (such tests stay on real time). The client still
 * signs with the real date, and the simulator refuses a date 15 minutes off its clock: keep one
 * clock to less than 15 virtual minutes ahead of the real time (a fresh clock per test).
 */
export class LoopClock implements Clock {
    /** Every sleep asked for, in ms, in order. */
    readonly sleeps: number[] = [];
    private time: number;
    private readonly started: number;
    private readonly sleepers: Sleeper[] = [];
    private stepping = false;

    constructor(start = Date.now()) {
        this.time = start;
        this.started = start;
    }

    now(): number {
        return this.time;
    }

    /** Virtual ms since the clock was made. */
    elapsed(): number {
        return this.time - this.started;
    }

    sleep(ms: number, signal?: AbortSignal): Promise<void> {
        if (signal?.aborted) return Promise.reject(DcsAbortedError.bySignal("waiting", signal));
        this.sleeps.push(ms);
        return new Promise<void>((resolve, reject) => {
            const sleeper: Sleeper = { at: this.time + Math.max(0, ms), resolve, reject, signal };
            if (signal) {
                sleeper.onAbort = () => {
                    this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
                    reject(DcsAbortedError.bySignal("waiting", signal));
                };
                signal.addEventListener("abort", sleeper.onAbort, { once: true });
            }
            this.sleepers.push(sleeper);
            this.step();
        });
    }

    /** Once the event loop has come round: time to the earliest wake-up, and wakes every sleeper due. */
    private step(): void {
        if (this.stepping) return;
        this.stepping = true;
        setImmediate(() => {
            this.stepping = false;
            if (this.sleepers.length === 0) return;
            this.time = Math.max(this.time, Math.min(...this.sleepers.map((s) => s.at)));
            const due = this.sleepers.filter((s) => s.at <= this.time).sort((a, b) => a.at - b.at);
            for (const s of due) {
                this.sleepers.splice(this.sleepers.indexOf(s), 1);
                if (s.onAbort) s.signal?.removeEventListener("abort", s.onAbort);
                s.resolve();
            }
            if (this.sleepers.length > 0) this.step();
        });
    }
}
