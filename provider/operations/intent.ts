import { randomBytes } from "crypto";
import { TaskPageLister, readAllTasks } from "./task-list";

/**
 * The intent of an operation, recorded in Pulumi state (by its own resource) before anything is
 * sent. Its baseline — the tasks that existed then — is what lets any later run, on any machine,
 * tell "our operation" from "an earlier one" without trusting a clock.
 */
export interface Intent {
    intentId: string;
    /** Ids of the instance's tasks of the operation's name when the intent was recorded. */
    baselineTaskIds?: string[];
}

/** Intent ids recorded by this process: the operation cannot have been attempted before. */
const recordedHere = new Set<string>();

export async function recordIntent(
    lister: TaskPageLister | undefined,
    target: { instanceId?: string; taskName?: string },
    options: { deadline?: number } = {},
): Promise<Intent> {
    const intentId = randomBytes(16).toString("hex");
    let baselineTaskIds: string[] | undefined;
    if (lister && target.instanceId && target.taskName) {
        const tasks = await readAllTasks(lister, target.instanceId, options);
        baselineTaskIds = tasks.filter((t) => t.name === target.taskName).map((t) => t.id);
    }
    recordedHere.add(intentId);
    return { intentId, baselineTaskIds };
}

/** True when this process recorded the intent (see `IntentRef.fresh`). */
export function recordedByThisProcess(intentId: string): boolean {
    return recordedHere.has(intentId);
}
