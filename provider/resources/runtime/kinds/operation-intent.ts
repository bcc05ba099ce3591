import { systemClock } from "../../../dcs";
import { clientInstanceViews, fileJournal, recordIntent } from "../../../operations";
import { InputsOf, optional, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS } from "../fields/shared";
import { Outputs, defineKind, diffFields } from "../kind";
import { clean, echoInputs, startOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";

/** Inputs of `OperationIntent`, which the resource classes fill in. What the intent is about replaces it; the rest keeps the baseline. */
const fields = {
    /** The kind of the resource this intent belongs to. */
    forKind: required<"MasterStandbySwap" | "DcsJob">(rules.forKind, "replace"),
    /** The instance the operation acts on, if any. */
    instanceId: optional<string>(rules.instanceId, "replace"),
    /** Background-task name of the operation, when DCS lists it as a task. */
    taskName: optional<string>(rules.taskName, "replace"),
    /** What identifies the operation (triggers, and for DcsJob the call); a change is a new intent. */
    key: optional<unknown>(rules.json, "replace"),
    ...CONNECTION_FIELDS,
};

type IntentResourceInputs = InputsOf<typeof fields>;

/** The decision to run one operation, recorded in state before anything is sent (see `operations/intent.ts`). */
export const operationIntent = defineKind({
    kind: "OperationIntent",
    fields,
    outputs: ["intentId", "baselineTaskIds", "baselineMaster"],
    // Its connection inputs are its owner's, which reports their problems once.
    checksConnection: false,
    diff: (olds, news) => diffFields(fields, olds, news, { replaceable: true, forceUpdate: false }),
    create,
    update,
    read: async (id, props) => ({ id, props }),
    delete: async () => {},
});

/** Records the decision: a fresh id and, for operations DCS lists as tasks, the tasks that exist now (and for a swap, the master). */
async function create(inputs: IntentResourceInputs): Promise<{ id: string; outs: Outputs }> {
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
async function update(_id: string, olds: Outputs, news: IntentResourceInputs): Promise<{ outs: Outputs }> {
    return { outs: clean({ ...echoInputs(news), intentId: olds.intentId, baselineTaskIds: olds.baselineTaskIds, baselineMaster: olds.baselineMaster }) };
}
