import { DcsError, DcsJobInfo } from "../../dcs";

/** The job ended with status FAIL. The message carries DCS's own `fail_reason`. */
export class JobFailedError extends DcsError {
    readonly jobId: string;
    readonly jobType: string;
    /** DCS's reason, or undefined when it gave none. */
    readonly failReason?: string;
    readonly beginTime?: number;
    readonly endTime?: number;
    readonly durationMs?: number;
    readonly job: DcsJobInfo;

    constructor(job: DcsJobInfo) {
        const duration = job.beginTime !== undefined && job.endTime !== undefined ? job.endTime - job.beginTime : undefined;
        const times = [
            job.beginTime !== undefined ? `began ${new Date(job.beginTime).toISOString()}` : undefined,
            job.endTime !== undefined ? `ended ${new Date(job.endTime).toISOString()}` : undefined,
            duration !== undefined ? `took ${(duration / 1000).toFixed(1)} s` : undefined,
        ].filter(Boolean);
        super(`DCS job ${job.jobId} (${job.jobType}) failed: ${job.failReason ?? "no reason given"}${times.length ? ` (${times.join(", ")})` : ""}`);
        this.jobId = job.jobId;
        this.jobType = job.jobType;
        this.failReason = job.failReason;
        this.beginTime = job.beginTime;
        this.endTime = job.endTime;
        this.durationMs = duration;
        this.job = job;
    }
}
