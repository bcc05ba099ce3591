/**
 * Defaults of the operation lifecycle, in one place. Milliseconds throughout.
 */

/**
 * How long an operation that may have been accepted is looked for among the instance's background
 * tasks before concluding DCS did not accept it. It must exceed the time DCS takes to list a new
 * task (undocumented; seconds in practice): exactly-once rests on that assumption (docs/design/exactly-once.md).
 */
export const DEFAULT_IDENTIFY_GRACE_MS = 30_000;

/** Looks during the grace back off from this delay... */
export const IDENTIFY_FIRST_DELAY_MS = 1000;
/** ...up to this one. */
export const IDENTIFY_MAX_DELAY_MS = 5000;

/** The `k`-th wait (0-based) of a look at the task list: doubling from the first delay, capped. */
export function identifyDelayMs(k: number): number {
    return Math.min(IDENTIFY_MAX_DELAY_MS, IDENTIFY_FIRST_DELAY_MS * 2 ** k);
}

/** How often an operation answered ambiguously and proven unaccepted may be sent again in one run. */
export const MAX_RESENDS = 2;

/** Re-reads of the whole task list when its `task_count` moved while we paged through it. */
export const TASK_LIST_READS = 3;

/** Ready reads in a row (RUNNING, no task) that end a swap; the Huawei Terraform provider's ContinuousTargetOccurence. */
export const READY_READS_IN_A_ROW = 2;

/** Reads of the node roles before they count as unreadable, when they must decide whether a switchover happened... */
export const ROLE_READS = 4;
/** ...the first retry after this delay, doubling (1 + 2 + 4 s). */
export const ROLE_READ_FIRST_DELAY_MS = 1000;
