/** When the API work of a run happened, in ms after `pulumi up` started. */
export interface Phases {
    firstRequestMs: number;
    /** The last trigger (async swap) answered 200: the last job has started. */
    lastTriggerMs: number;
    /** The last job seen finished: the API work is over; the rest is the engine. */
    lastDetectionMs: number;
}

/**
 * End-to-end detection lag under load, from the simulator's side: for each job, the time of the
 * first successful `showJob` answered at or after the job's end, minus that end. (A 200 answer at
 * or after `endsAt` is the SUCCESS the waiter returns on.)
 */
import { JobView, RequestLogEntry } from "../../simulator";

interface Stamped {
    at: number;
    entry: RequestLogEntry;
}

export class RequestLog {
    private entries: Stamped[] = [];

    /** Pass as the simulator's `onRequest`. */
    readonly record = (entry: RequestLogEntry): void => {
        this.entries.push({ at: Date.now(), entry });
    };

    clear(): void {
        this.entries = [];
    }

    phases(startedAt: number, jobs: readonly JobView[]): Phases | undefined {
        if (!this.entries.length) return undefined;
        const triggers = this.entries.filter((e) => e.entry.operation === "asyncSwap" && e.entry.status === 200).map((e) => e.at);
        const detections = this.detections(jobs).map((d) => d.at);
        return {
            firstRequestMs: this.entries[0].at - startedAt,
            lastTriggerMs: Math.max(...triggers) - startedAt,
            lastDetectionMs: Math.max(...detections) - startedAt,
        };
    }

    /** Lag (ms) per finished job that was seen finished; jobs never polled after their end are left out. */
    detectionLags(jobs: readonly JobView[]): number[] {
        return this.detections(jobs).map((d) => d.at - d.endsAt);
    }

    private detections(jobs: readonly JobView[]): { at: number; endsAt: number }[] {
        const seen = new Map<string, number[]>();
        for (const { at, entry } of this.entries) {
            if (entry.operation !== "showJob" || entry.status !== 200) continue;
            const jobId = entry.path.split("/").pop()!.split("?")[0];
            const list = seen.get(jobId) ?? [];
            list.push(at);
            seen.set(jobId, list);
        }
        return jobs.flatMap((job) => {
            const first = (seen.get(job.jobId ?? "") ?? []).find((at) => at >= job.endsAt);
            return first === undefined ? [] : [{ at: first, endsAt: job.endsAt }];
        });
    }
}
