/**
 * The only timers the simulator uses (slow answers, latency). They are tracked so that stop()
 * can cancel them all at once instead of leaving a 35 s timer to hold the process open.
 */
export class Delays {
    private readonly pending = new Map<NodeJS.Timeout, () => void>();
    private stopped = false;

    /** Resolves true after `ms`, or false as soon as the simulator stops. */
    wait(ms: number): Promise<boolean> {
        if (this.stopped) return Promise.resolve(false);
        if (ms <= 0) return Promise.resolve(true);
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.pending.delete(timer);
                resolve(true);
            }, ms);
            this.pending.set(timer, () => resolve(false));
        });
    }

    cancelAll(): void {
        this.stopped = true;
        for (const [timer, cancel] of this.pending) {
            clearTimeout(timer);
            cancel();
        }
        this.pending.clear();
    }
}
