import { systemClock } from "../../../dcs";
import { clientInstanceViews, fileJournal, recordIntent } from "../../../operations";
import { DiffResult, diffInputs } from "../diff";
import { IntentResourceInputs } from "../inputs";
import { Outputs, clean, echoInputs, startOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

const INPUT_KEYS = ["forKind", "instanceId", "taskName", "key", "timeout", "projectId", "region", "endpoint", "owner"] as const;
/** What the intent is about; anything else (connection, timeout) updates in place and keeps the baseline. */
const REPLACE_KEYS = ["forKind", "instanceId", "taskName", "key"];

export function diff(olds: Outputs, news: IntentResourceInputs): DiffResult {
    return diffInputs(olds, news as unknown as Outputs, INPUT_KEYS, REPLACE_KEYS, false);
}

/** Records the decision: a fresh id and, for operations DCS lists as tasks, the tasks that exist now (and for a swap, the master). */
export async function create(inputs: IntentResourceInputs): Promise<{ id: string; outs: Outputs }> {
    const ctx = startOperation(clientFor(inputs), inputs);
    const log = (message: string) => progress(ctx.owner, message);
    const intent = await recordIntent(
        ctx.client,
        { ...inputs, switchover: inputs.forKind === "MasterStandbySwap" },
        { deadline: ctx.deadline, clock: systemClock, journal: fileJournal(undefined, log), log, instances: clientInstanceViews(ctx.client) },
    );
    return { id: intent.intentId, outs: clean({ ...echoInputs(inputs), ...intent }) };
}

/** Never takes a new baseline: that would forget an operation sent under this intent. */
export async function update(_id: string, olds: Outputs, news: IntentResourceInputs): Promise<{ outs: Outputs }> {
    return { outs: clean({ ...echoInputs(news), intentId: olds.intentId, baselineTaskIds: olds.baselineTaskIds, baselineMaster: olds.baselineMaster }) };
}

export async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    return { id, props };
}

export async function remove(): Promise<void> {}
