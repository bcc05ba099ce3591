import { DcsError } from "../../../dcs";

/** One swap of a rolling swap that ran and failed. */
export interface FailedSwap {
    instanceId: string;
    /** DCS's `fail_reason`, or what else ended it. */
    reason: string;
}

/**
 * A rolling swap ended with swaps that failed or never started. Every swap is recorded in state,
 * so the next `pulumi up` resumes with exactly these: finished swaps are never repeated.
 */
export class RollingSwapFailedError extends DcsError {
    /** `<project>/<stack>/<rolling swap name>`. */
    readonly fleet: string;
    readonly swapped: string[];
    readonly failed: FailedSwap[];
    readonly notStarted: string[];

    constructor(fleet: string, outcome: { swapped: string[]; failed: FailedSwap[]; notStarted: string[] }) {
        const total = outcome.swapped.length + outcome.failed.length + outcome.notStarted.length;
        const parts = [`rolling swap ${fleet.split("/").pop()}: ${outcome.swapped.length} of ${total} swapped`];
        if (outcome.failed.length > 0) parts.push(`failed: ${outcome.failed.map((f) => `${f.instanceId} (${f.reason})`).join(", ")}`);
        if (outcome.notStarted.length > 0) parts.push(`not started: ${outcome.notStarted.join(", ")}`);
        super(`${parts.join("; ")}. Fix the cause and run \`pulumi up\` again: it resumes with these, and swaps no finished instance again.`);
        this.fleet = fleet;
        this.swapped = outcome.swapped;
        this.failed = outcome.failed;
        this.notStarted = outcome.notStarted;
    }
}
