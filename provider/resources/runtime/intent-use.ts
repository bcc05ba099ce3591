import { Journal, OperationRecord } from "../../operations";

/**
 * Which intents already belong to a resource, so that a resource created again under one (Pulumi's
 * `--replace`, `replaceOnChanges`, a targeted destroy then `up`) never passes the earlier
 * resource's operation off as its own. The engine tells a provider nothing of a replace (no old
 * inputs to `check`, no `diff`, no URN), so the notes are ours: an operation that succeeded, and a
 * resource deleted, each noted in this process and in the journal (this machine only), and old
 * inputs seen by `check` (a replace the provider's own `diff` asked for).
 */
const heldHere = new Map<string, string>();
/** The intents in `heldHere` that are there because their operation succeeded in this process. */
const usedHere = new Set<string>();

/** `check` saw old inputs under `intentId`: the resource exists in state. */
export function noteIntentInState(olds: { intentId?: unknown } | undefined, kind: string): void {
    if (typeof olds?.intentId === "string") heldHere.set(olds.intentId, `a ${kind} still in the stack`);
}

/** An operation under `intentId` succeeded and its result goes to state now. */
export function noteIntentUsed(intentId: string, record: OperationRecord, kind: string, journal: Journal): void {
    const kept: OperationRecord = { status: record.status, jobId: record.jobId ?? record.taskId };
    heldHere.set(intentId, describe(kind, kept, "that already succeeded"));
    usedHere.add(intentId);
    journal.write(usedKey(intentId), kept);
}

/** `delete` of a resource that ran under an intent. */
export function noteIntentRetired(props: { intentId?: unknown; jobId?: unknown; status?: unknown }, kind: string, journal: Journal): void {
    if (typeof props.intentId !== "string") return;
    const record: OperationRecord = { status: String(props.status ?? "unknown"), jobId: typeof props.jobId === "string" ? props.jobId : undefined };
    heldHere.set(props.intentId, describe(kind, record, "deleted from the stack"));
    journal.write(retiredKey(props.intentId), record);
}

/** What already holds `intentId`, or undefined when nothing is known to. */
export function earlierUse(intentId: string, kind: string, journal: Journal): { what: string } | undefined {
    const here = heldHere.get(intentId);
    if (here && (!usedHere.has(intentId) || journal.read(intentId) === undefined)) return { what: here };
    const retired = journal.read(retiredKey(intentId));
    if (retired) return { what: describe(kind, retired, "deleted from the stack") };
    // A success whose run was killed before its result reached state still has its journal entry
    // (cleared only once the result is handed to the engine): that is this very resource, resumed.
    const used = journal.read(usedKey(intentId));
    return used && journal.read(intentId) === undefined ? { what: describe(kind, used, "that already succeeded") } : undefined;
}

function describe(kind: string, record: OperationRecord, how: string): string {
    return `a ${kind} ${how} (${record.jobId ? `job ${record.jobId}, ` : ""}${record.status})`;
}

function retiredKey(intentId: string): string {
    return `retired-${intentId}`;
}

function usedKey(intentId: string): string {
    return `used-${intentId}`;
}
