import { Journal, OperationRecord } from "../../../provider/operations";
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

    /** The journal as one process on this machine sees it: a dead process writes nothing. Entries are stored as JSON, like files. */
    journal(process: Process, trace: Trace): Journal {
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
                if (!process.dead && !this.writeFails) this.sent.set(instanceId, at);
            },
            lastSent: (instanceId) => this.sent.get(instanceId),
        };
    }
}
