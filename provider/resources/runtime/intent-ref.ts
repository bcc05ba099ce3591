import { DcsClient } from "../../dcs";
import { IntentRef, clientInstanceViews, recordIntent, recordedByThisProcess } from "../../operations";

/** Intent inputs a resource receives from its `OperationIntent` sibling. */
interface IntentInputs {
    intentId?: string;
    baselineTaskIds?: string[];
    baselineMaster?: string;
}

/**
 * The intent this operation runs under. Resources built by this package's classes always carry
 * one, recorded in state before the operation. A direct runtime caller, or state written before
 * intents existed, gets one recorded now, without the settle wait of a real intent: it protects
 * this run only, as before intents existed.
 */
export async function intentRefFor(
    client: DcsClient,
    inputs: IntentInputs & { instanceId?: string },
    taskName: string | undefined,
    deadline: number,
    switchover = false,
): Promise<IntentRef> {
    if (inputs.intentId) {
        return { id: inputs.intentId, baseline: inputs.baselineTaskIds, baselineMaster: inputs.baselineMaster, fresh: recordedByThisProcess(inputs.intentId) };
    }
    const intent = await recordIntent(client, { instanceId: inputs.instanceId, taskName, switchover }, { deadline, instances: clientInstanceViews(client) });
    return { id: intent.intentId, baseline: intent.baselineTaskIds, baselineMaster: intent.baselineMaster, fresh: true };
}
