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

    /**
     * Takes the first fault that matches this request, if any. `operation` is undefined for a path
     * the gateway does not publish: only an `operation: "any"` fault with a `path` matches that.
     */
    take(operation: Operation | undefined, instanceId: string | undefined, path = ""): FaultSpec | undefined {
        const index = this.find(operation, instanceId, path);
        if (index < 0) return undefined;
        const fault = this.pending[index];
        if (--fault.remaining <= 0) this.pending.splice(index, 1);
        return fault.spec;
    }

    /** Whether `take` would find a fault, without using it up. */
    has(operation: Operation | undefined, instanceId: string | undefined, path = ""): boolean {
        return this.find(operation, instanceId, path) >= 0;
    }

    private find(operation: Operation | undefined, instanceId: string | undefined, path: string): number {
        return this.pending.findIndex(
            (f) =>
                (operation === undefined
                    ? f.spec.path !== undefined && f.spec.operation === "any"
                    : f.spec.operation === "any" || f.spec.operation === operation) &&
                (f.spec.instanceId === undefined || f.spec.instanceId === instanceId) &&
                (f.spec.path === undefined || new RegExp(f.spec.path).test(path)),
        );
    }

    size(): number {
        return this.pending.reduce((n, f) => n + f.remaining, 0);
    }

    clear(): void {
        this.pending = [];
    }
}
