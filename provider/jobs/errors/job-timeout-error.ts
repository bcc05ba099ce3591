import { DcsError, DcsJobInfo } from "../../dcs";

/** The deadline passed before the job finished. The job may still be running: resume with its id. */
export class JobTimeoutError extends DcsError {
    readonly jobId: string;
    /** Status of the last successful poll; undefined if none succeeded. */
    readonly lastStatus?: string;
    readonly lastJob?: DcsJobInfo;
    /** The last poll error, if the last poll failed. */
    readonly lastError?: unknown;
    /** Time waited, from the start of the wait to the last look. */
    readonly elapsedMs: number;
    /** The wait's deadline, epoch ms on the waiter's clock. */
    readonly deadline: number;

    /** `startedAt`: when the wait began, on the same clock as `deadline`; the message gives the time it had. */
    constructor(args: { jobId: string; lastJob?: DcsJobInfo; lastError?: unknown; startedAt: number; elapsedMs: number; deadline: number }) {
        const last = args.lastJob ? `last status ${args.lastJob.status}` : "no successful poll";
        const err = args.lastError instanceof Error ? `; last error: ${args.lastError.message}` : "";
        super(`DCS job ${args.jobId} did not finish within ${formatMs(args.deadline - args.startedAt)} (${last}${err}); it may still be running`);
        this.jobId = args.jobId;
        this.lastJob = args.lastJob;
        this.lastStatus = args.lastJob?.status;
        this.lastError = args.lastError;
        this.elapsedMs = args.elapsedMs;
        this.deadline = args.deadline;
    }
}

function formatMs(ms: number): string {
    if (ms <= 0) return "0 s";
    return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${(ms / 1000).toFixed(1)} s`;
}
