import { DcsClient } from "../../dcs";
import { IntentRef, OperationRecord, clientInstanceViews, fileJournal, recordIntent, recordedByThisProcess } from "../../operations";
import { earlierUse } from "./intent-use";
import { runtimeClock } from "./clock";

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
 * this run only, and where state already holds a record from before, it proves nothing about it
 * (`postHoc`).
 */
export async function intentRefFor(
    client: DcsClient,
    inputs: IntentInputs & { instanceId?: string },
    kind: string,
    taskName: string | undefined,
    options: { deadline: number; switchover?: boolean; prior?: OperationRecord; creating: boolean },
): Promise<IntentRef> {
    if (inputs.intentId) {
        const fresh = recordedByThisProcess(inputs.intentId);
        return {
            intentId: inputs.intentId,
            baselineTaskIds: inputs.baselineTaskIds,
            baselineMaster: inputs.baselineMaster,
            fresh,
            // Only a create can be a second resource under the intent; an update is the same resource.
            reused: fresh || !options.creating ? undefined : earlierUse(inputs.intentId, kind, fileJournal()),
        };
    }
    // An operator's resolution decided the old record: the instance as it is now is the baseline again.
    const postHoc = options.prior !== undefined && options.prior.resolvedBy !== "operator";
    const intent = await recordIntent(
        client,
        { instanceId: inputs.instanceId, taskName, switchover: options.switchover },
        { deadline: options.deadline, clock: runtimeClock(), instances: clientInstanceViews(client), afterTheFact: postHoc },
    );
    return {
        ...intent,
        baselineMaster: postHoc ? undefined : intent.baselineMaster,
        fresh: true,
        postHoc: postHoc || undefined,
    };
}
