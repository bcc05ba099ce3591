/**
 * One `pulumi up` process. Every model call and every clock sleep is an await point that goes
 * through `step()`; the process can be killed at the Nth one, when DCS accepts a swap (its answer
 * is lost), or at the first await point after the client got the accepting answer.
 */

/** What a killed process's pending calls reject with. Private to the harness: never a DCS answer. */
export class Killed extends Error {
    constructor() {
        super("process killed (SIGKILL)");
    }
}

export type KillMode = "at-step" | "on-accept" | "after-accept";

export interface KillPlan {
    mode: KillMode;
    /** For "at-step": the await point (1-based) at which the process dies. */
    atStep?: number;
}

import type { FleetMembership } from "../../../provider/resources/runtime/fields/shared";

export class Process {
    dead = false;
    steps = 0;
    /** What the provider process keeps in memory (`withSendsOfThisProcess`, `intent-use.ts`): sends by instance on the monotonic clock, intents used. */
    readonly sentHere = new Map<string, number>();
    readonly usedHere = new Set<string>();
    /** A `RollingSwap` lane's membership in this `pulumi up` (`fleet-lane.ts`): its stop rule's key. */
    fleet?: FleetMembership;
    /** Called at each await point, with its number: where the world's events happen (`events.ts`). */
    onStep?: (step: number) => void;
    private killAtNextStep = false;

    constructor(readonly kill?: KillPlan) {}

    /** An await point: throws `Killed` when the process dies here or has died before. */
    step(): void {
        if (this.dead) throw new Killed();
        this.steps++;
        this.onStep?.(this.steps);
        if (this.killAtNextStep || (this.kill?.mode === "at-step" && this.kill.atStep === this.steps)) this.die();
    }

    /** DCS has just accepted a swap sent by this process. */
    accepted(): void {
        if (this.kill?.mode === "on-accept") this.die();
        if (this.kill?.mode === "after-accept") this.killAtNextStep = true;
    }

    die(): never {
        this.dead = true;
        throw new Killed();
    }
}
