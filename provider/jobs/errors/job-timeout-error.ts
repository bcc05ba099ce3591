import { DcsError, DcsJobInfo } from "../../dcs";

/** The deadline passed before the job finished. The job may still be running: resume with its id. */
export class JobTimeoutError extends DcsError {
    readonly jobId: string;
    /** Status of the last successful poll; undefined if none succeeded. */
    readonly lastStatus?: string;
    readonly lastJob?: DcsJobInfo;
    /** The last poll error, if the last poll failed. */
    readonly lastError?: unknown;
    readonly elapsedMs: number;
    readonly timeoutMs: number;

    constructor(args: { jobId: string; lastJob?: DcsJobInfo; lastError?: unknown; elapsedMs: number; timeoutMs: number }) {
        const last = args.lastJob ? `last status ${args.lastJob.status}` : "no successful poll";
        const err = args.lastError instanceof Error ? `; last error: ${args.lastError.message}` : "";
        super(`DCS job ${args.jobId} did not finish within ${formatMs(args.timeoutMs)} (${last}${err}); it may still be running`);
        this.jobId = args.jobId;
        this.lastJob = args.lastJob;
        this.lastStatus = args.lastJob?.status;
        this.lastError = args.lastError;
        this.elapsedMs = args.elapsedMs;
        this.timeoutMs = args.timeoutMs;
    }
}

function formatMs(ms: number): string {
    return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${(ms / 1000).toFixed(1)} s`;
}
