import { DcsClient, systemClock } from "../../dcs";
import { IntentRef, fileJournal, recordIntent, recordedByThisProcess } from "../../operations";

/** Intent inputs a resource receives from its `OperationIntent` sibling. */
export interface IntentInputs {
    intentId?: string;
    baselineTaskIds?: string[];
}

/**
 * The intent this operation runs under. Resources built by this package's classes always carry
 * one, recorded in state before the operation; a direct runtime caller without one gets an
 * intent recorded now (no cross-run protection, as before intents existed).
 */
export async function intentRefFor(
    client: DcsClient,
    inputs: IntentInputs & { instanceId?: string },
    taskName: string | undefined,
    deadline: number,
): Promise<IntentRef> {
    if (inputs.intentId) return { id: inputs.intentId, baseline: inputs.baselineTaskIds, fresh: recordedByThisProcess(inputs.intentId) };
    const intent = await recordIntent(client, { instanceId: inputs.instanceId, taskName }, { deadline, clock: systemClock, journal: fileJournal() });
    return { id: intent.intentId, baseline: intent.baselineTaskIds, fresh: true };
}
