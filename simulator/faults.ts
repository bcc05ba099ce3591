import { FaultSpec, Operation } from "./types";

/** A queued fault with its remaining uses. */
interface PendingFault {
    spec: FaultSpec;
    remaining: number;
}

/** Faults are consumed in the order they were added, one per matching request. */
export class FaultQueue {
    private pending: PendingFault[] = [];

    add(faults: FaultSpec | FaultSpec[]): void {
        for (const spec of Array.isArray(faults) ? faults : [faults]) {
            this.pending.push({ spec: { ...spec }, remaining: spec.count ?? 1 });
        }
    }

    /** Takes the first fault that matches this request, if any. */
    take(operation: Operation, instanceId: string | undefined): FaultSpec | undefined {
        const index = this.pending.findIndex(
            (f) => (f.spec.operation === "any" || f.spec.operation === operation) && (f.spec.instanceId === undefined || f.spec.instanceId === instanceId),
        );
        if (index < 0) return undefined;
        const fault = this.pending[index];
        if (--fault.remaining <= 0) this.pending.splice(index, 1);
        return fault.spec;
    }

    size(): number {
        return this.pending.reduce((n, f) => n + f.remaining, 0);
    }

    clear(): void {
        this.pending = [];
    }
}
