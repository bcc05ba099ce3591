import { createHash } from "crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";

/**
 * A job accepted by DCS but not yet safe in Pulumi state. `create` is not given the URN and a
 * SIGKILL loses its return value, so we write the job id down the moment DCS accepts it; a
 * re-run of the same create adopts the job instead of starting a second switchover.
 */
export interface JournalEntry {
    owner: string;
    instanceId: string;
    jobId?: string;
    /** Background-task id, for the synchronous swap that has no job. */
    taskId?: string;
    startedAt: number;
}

/** Entries older than this are ignored: they belong to a stack removed without `pulumi destroy`. */
export const JOURNAL_MAX_AGE_MS = 24 * 3_600_000;

/** `DCS_JOBS_JOURNAL_DIR`, else `$PULUMI_HOME/dcs-jobs/journal`, else `~/.pulumi/dcs-jobs/journal`. */
export function journalDir(env: Record<string, string | undefined> = process.env): string {
    return env.DCS_JOBS_JOURNAL_DIR ?? join(env.PULUMI_HOME ?? join(homedir(), ".pulumi"), "dcs-jobs", "journal");
}

/** The key of one resource's operation: owner (project/stack/name), instance and triggers. */
export function journalKey(owner: string, instanceId: string, triggers: unknown): string {
    return createHash("sha256")
        .update(JSON.stringify([owner, instanceId, triggers ?? null]))
        .digest("hex")
        .slice(0, 32);
}

export function readJournal(key: string, now = Date.now(), dir = journalDir()): JournalEntry | undefined {
    try {
        const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8")) as JournalEntry;
        return now - entry.startedAt <= JOURNAL_MAX_AGE_MS ? entry : undefined;
    } catch {
        return undefined;
    }
}

/** Writes atomically (temp file + rename) so a kill mid-write leaves the old entry or the new one. */
export function writeJournal(key: string, entry: JournalEntry, dir = journalDir()): void {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, join(dir, `${key}.json`));
}

export function clearJournal(key: string, dir = journalDir()): void {
    rmSync(join(dir, `${key}.json`), { force: true });
}
