import { ChaosClock, START_MS } from "./clock";

/**
 * A readable account of one schedule: virtual time since the start, the run, what happened.
 * Off while a campaign runs (schedules are deterministic), on when a failing seed is replayed.
 */
export class Trace {
    readonly lines: string[] = [];
    /** `i<intent> run <n>`: which intent (0, or 1 for the re-run) and which `pulumi up`. */
    where = "setup";

    constructor(
        private readonly clock: ChaosClock,
        readonly enabled: boolean,
    ) {}

    log(message: string | (() => string)): void {
        if (!this.enabled) return;
        const t = ((this.clock.now() - START_MS) / 1000).toFixed(1).padStart(7);
        this.lines.push(`${t} s  ${this.where.padEnd(12)} ${typeof message === "string" ? message : message()}`);
    }

    render(): string {
        return this.lines.join("\n");
    }
}

/** How often each fault kind (and kill, fresh runner, near miss...) actually happened in a schedule. */
export class Tally {
    readonly counts = new Map<string, number>();

    add(kind: string, n = 1): void {
        this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
    }

    get(kind: string): number {
        return this.counts.get(kind) ?? 0;
    }
}
