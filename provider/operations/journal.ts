import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import { Clock, systemClock, wallNow } from "../dcs";
import { OperationRecord } from "./record";

/**
 * A local fast path: the record of an operation in flight, keyed by its intent id, so a re-run on
 * the same machine resumes at once. Correctness never depends on it (Pulumi state and DCS's task
 * list do that), so a failed write is a warning, never an error.
 */
export interface Journal {
    read(key: string): OperationRecord | undefined;
    /** False when the entry could not be written. */
    write(key: string, record: OperationRecord): boolean;
    clear(key: string): void;
    /** Notes that an operation on the instance may have been accepted at `at` (local epoch ms). */
    noteSent?(instanceId: string, at: number): void;
    /** The latest `noteSent` time for the instance on this machine. */
    lastSent?(instanceId: string): number | undefined;
}

/** `DCS_JOBS_JOURNAL_DIR`, else `$PULUMI_HOME/dcs-jobs/journal`, else `~/.pulumi/dcs-jobs/journal`. */
export function journalDir(env: Record<string, string | undefined> = process.env): string {
    // An empty variable counts as unset, as everywhere else in this package.
    return env.DCS_JOBS_JOURNAL_DIR || join(env.PULUMI_HOME || join(homedir(), ".pulumi"), "dcs-jobs", "journal");
}

/** One JSON file per key, written atomically (temp file + rename). */
export function fileJournal(dir: string = journalDir(), onWarning: (message: string) => void = () => {}): Journal {
    const file = (key: string) => join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, "_")}.json`);
    return {
        read(key) {
            try {
                return JSON.parse(readFileSync(file(key), "utf8")) as OperationRecord;
            } catch {
                return undefined;
            }
        },
        write(key, record) {
            try {
                mkdirSync(dir, { recursive: true, mode: 0o700 });
                const tmp = `${file(key)}.${process.pid}.tmp`;
                writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
                renameSync(tmp, file(key));
                return true;
            } catch (error) {
                onWarning(
                    `could not write the resume journal in ${dir} (${(error as Error).message}); continuing: Pulumi state and DCS's task list still identify the operation`,
                );
                return false;
            }
        },
        clear(key) {
            try {
                rmSync(file(key), { force: true });
            } catch {
                // A stale entry is harmless: it is keyed by an intent id that is never reused.
            }
        },
        noteSent(instanceId, at) {
            try {
                mkdirSync(dir, { recursive: true, mode: 0o700 });
                writeFileSync(file(`sent-${instanceId}`), JSON.stringify({ at }), { mode: 0o600 });
            } catch {
                // Best effort, like the rest of the journal: it only shortens a wait.
            }
        },
        lastSent(instanceId) {
            try {
                const at = (JSON.parse(readFileSync(file(`sent-${instanceId}`), "utf8")) as { at?: unknown }).at;
                return typeof at === "number" ? at : undefined;
            } catch {
                return undefined;
            }
        },
    };
}

/** A journal that keeps nothing, for callers without a disk (and for a "fresh runner" in tests). */
export const noJournal: Journal = { read: () => undefined, write: () => true, clear: () => {} };

/** This process's sends per instance: the monotonic time each was sent at (on the clock it was noted with). */
const sentHere = new Map<string, number>();

/**
 * `journal`, plus the sends of this very process kept in memory and timed on the monotonic clock:
 * the settle wait before the next intent on an instance must not depend on a writable journal
 * directory, nor on the wall clock, and a `dependsOn` chain runs in one provider process. `clock` is
 * the caller's (the runtime's; a test's virtual one).
 */
export function withSendsOfThisProcess(journal: Journal, clock: Clock = systemClock): Journal {
    return {
        ...journal,
        noteSent(instanceId, at) {
            sentHere.set(instanceId, clock.now() - Math.max(0, wallNow(clock) - at));
            journal.noteSent?.(instanceId, at);
        },
        lastSent(instanceId) {
            const onDisk = journal.lastSent?.(instanceId);
            const sentAt = sentHere.get(instanceId);
            // As wall time, measured back from now on the monotonic clock.
            const here = sentAt === undefined ? undefined : wallNow(clock) - (clock.now() - sentAt);
            if (here === undefined || onDisk === undefined) return here ?? onDisk;
            return Math.max(here, onDisk);
        },
    };
}
