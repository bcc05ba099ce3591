/**
 * The world's events (`world.ts`), fired where the schedule put them: at a run's start, at its Nth
 * await point (a hook on the process), or right after an intent is written to state. Only in runs
 * that are not calm, like faults; each event fires at most once.
 */
import { ChaosClock } from "./clock";
import { DcsApi } from "./dcs-api";
import { DcsModel } from "./dcs-model";
import { anotherLaneFailed } from "./fleet-lane";
import { Process } from "./process";
import { Tally, Trace } from "./trace";
import { WorldEvent } from "./world";

export class WorldEvents {
    private readonly fired = new Set<WorldEvent>();
    /** The process of the run under way: a lane failure closes its stop rule. */
    private process?: Process;

    constructor(
        private readonly model: DcsModel,
        private readonly api: DcsApi,
        private readonly clock: ChaosClock,
        private readonly trace: Trace,
        private readonly tally: Tally,
    ) {}

    private get events(): WorldEvent[] {
        return this.model.world.events;
    }

    /** A run (or, for a chained swap, its part of a run) begins: its "start" events fire, its await-point events are armed. */
    beginRun(phase: number, run: number, calm: boolean, process: Process): void {
        process.onStep = undefined;
        this.process = process;
        if (calm || this.events.length === 0) return;
        this.fire((e) => e.phase === phase && e.run === run && e.at === "start");
        process.onStep = (step) => this.fire((e) => e.phase === phase && e.run === run && e.at === step);
    }

    /** An intent of `phase` was just written to state, in `run`: nothing has been sent under it yet. */
    afterIntent(phase: number, run: number, calm: boolean): void {
        if (!calm) this.fire((e) => e.phase === phase && e.at === "after-intent" && e.run <= run);
    }

    private fire(match: (e: WorldEvent) => boolean): void {
        for (const event of this.events) {
            if (this.fired.has(event) || !match(event)) continue;
            this.fired.add(event);
            this.apply(event);
        }
    }

    private apply(event: WorldEvent): void {
        const { what } = event;
        this.model.catchUp();
        switch (what.kind) {
            case "foreign-swap": {
                this.trace.log(`(someone else sends a ${what.api} swap${what.fail ? " that will fail" : ""})`);
                const swap = this.model.acceptForeign(what);
                if (swap && event.at === "after-intent") this.tally.add("foreign-after-intent");
                return;
            }
            case "role-outage":
                if (!this.model.world.roles) return;
                this.tally.add("role-outage");
                this.trace.log(`(node-role reads fail for ${what.forMs / 1000} s from now)`);
                this.api.rolesDown(what.forMs);
                return;
            case "lane-failed":
                if (!this.process?.fleet) return;
                this.tally.add("lane-failed");
                this.trace.log(`(another lane of the rolling swap FAILED: the stop rule of this pulumi up closes)`);
                anotherLaneFailed(this.process);
                return;
            case "clock-step":
                this.tally.add("clock-step");
                this.clock.stepWall(what.deltaMs);
                this.trace.log(`(the runner's wall clock steps ${what.deltaMs > 0 ? "+" : ""}${what.deltaMs / 1000} s; now() does not)`);
                return;
        }
    }
}
