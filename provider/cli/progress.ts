import { DcsJobInfo, monotonicNow } from "../dcs";

/** Where progress goes: a live, rewritten status line on a TTY; one plain line per change otherwise. */
export interface ProgressReporter {
    status(job: DcsJobInfo, elapsedMs: number): void;
    note(message: string): void;
    done(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
    return stream.isTTY ? ttyReporter(stream) : plainReporter(stream);
}

function plainReporter(stream: NodeJS.WritableStream): ProgressReporter {
    return {
        status: (job, elapsedMs) => stream.write(`${seconds(elapsedMs)} job ${job.jobId} ${job.jobType} ${job.status}\n`),
        note: (message) => stream.write(`${message}\n`),
        done: () => undefined,
    };
}

/** A spinner with the last status and the elapsed time, redrawn every 100 ms on one line. */
function ttyReporter(stream: NodeJS.WriteStream): ProgressReporter {
    const started = monotonicNow();
    let line = "starting";
    let frame = 0;
    const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${line} ${seconds(monotonicNow() - started)}`);
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
        status: (job) => {
            line = `job ${job.jobId} ${job.jobType} ${job.status}`;
            draw();
        },
        note: (message) => {
            stream.write(`\r\x1b[2K${message}\n`);
            draw();
        },
        done: () => {
            clearInterval(timer);
            stream.write(`\r\x1b[2K${line} ${seconds(monotonicNow() - started)}\n`);
        },
    };
}

function seconds(ms: number): string {
    return `[${(ms / 1000).toFixed(1)}s]`;
}
