import { Journal, OperationRecord } from "../../../provider/operations";
import { ChaosClock } from "./clock";
import { Process } from "./process";
import { Trace } from "./trace";

/** A runner machine: its resume journal survives runs on it; a fresh runner starts with an empty one. */
export class Machine {
    private readonly entries = new Map<string, string>();
    private readonly sent = new Map<string, number>();

    constructor(
        readonly id: number,
        /** Every write fails (a read-only or full disk): returns false, keeps nothing. */
        readonly writeFails: boolean,
    ) {}

    /**
     * The journal as one process on this machine sees it: a dead process writes nothing. Entries are
     * stored as JSON, like files. As the runtime's `withSendsOfThisProcess`, the process also keeps
     * its own sends in memory, on the monotonic clock, whatever the disk does.
     */
    journal(process: Process, trace: Trace, clock: ChaosClock): Journal {
        return {
            read: (key) => {
                const text = this.entries.get(key);
                return text === undefined ? undefined : (JSON.parse(text) as OperationRecord);
            },
            write: (key, record) => {
                if (process.dead) return false;
                if (this.writeFails) {
                    trace.log(`journal write FAILED (${record.status})`);
                    return false;
                }
                this.entries.set(key, JSON.stringify(record));
                trace.log(`journal ← ${record.status}${record.jobId ? ` job ${record.jobId}` : ""}${record.taskId ? ` task ${record.taskId}` : ""}`);
                return true;
            },
            clear: (key) => {
                if (!process.dead) this.entries.delete(key);
            },
            noteSent: (instanceId, at) => {
                if (process.dead) return;
                process.sentHere.set(instanceId, clock.now() - Math.max(0, clock.wallNow() - at));
                if (!this.writeFails) this.sent.set(instanceId, at);
            },
            lastSent: (instanceId) => {
                const onDisk = this.sent.get(instanceId);
                const mono = process.sentHere.get(instanceId);
                const here = mono === undefined ? undefined : clock.wallNow() - (clock.now() - mono);
                if (here === undefined || onDisk === undefined) return here ?? onDisk;
                return Math.max(here, onDisk);
            },
        };
    }
}
