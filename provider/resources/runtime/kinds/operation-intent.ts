import { randomBytes } from "crypto";
import { clientInstanceViews, fileJournal, recordIntent, withSendsOfThisProcess } from "../../../operations";
import { fieldTable, InputsOf, internal, optional, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS, FLEET_FIELDS, INTENT_FIELDS } from "../fields/shared";
import { heldBackBy } from "../fleet-gate";
import { Outputs, defineKind, diffFields } from "../kind";
import { clean, echoInputs, startOperation } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";
import { runtimeClock } from "../clock";

/** Inputs of `OperationIntent`, which the resource classes fill in. What the intent is about replaces it; the rest keeps the baseline. */
const fields = fieldTable(
    {
        /** The kind of the resource this intent belongs to. */
        forKind: required<"MasterStandbySwap" | "DcsJob">(rules.forKind, "replace"),
        /** The instance the operation acts on, if any. */
        instanceId: optional<string>(rules.instanceId, "replace"),
        /** Background-task name of the operation, when DCS lists it as a task. */
        taskName: optional<string>(rules.taskName, "replace"),
        /** What identifies the operation (triggers, and for DcsJob the call); a change is a new intent. */
        key: optional<unknown>(rules.json, "replace"),
        /** Recorded for an operation made already (`adoptSwap`): a swap running now may be that one, so it is no conflict. */
        afterTheFact: internal<boolean>(rules.boolean, "ignore"),
    },
    CONNECTION_FIELDS,
    FLEET_FIELDS,
);

type IntentResourceInputs = InputsOf<typeof fields>;

/** The decision to run one operation, recorded in state before anything is sent (see `operations/intent.ts`). */
export const operationIntent = defineKind({
    kind: "OperationIntent",
    fields,
    // What its owner takes as inputs (INTENT_FIELDS), and whether it was deferred.
    outputs: [...Object.keys(INTENT_FIELDS), "deferred"],
    // Its connection inputs are its owner's, which reports their problems once.
    checksConnection: false,
    // A deferred intent is recorded by the next run that may start its operation.
    diff: (olds, news) => diffFields(fields, olds, news, { replaceable: true, forceUpdate: olds.deferred === true }),
    create,
    update,
    read: async (id, props) => ({ id, props }),
    delete: async () => {},
});

/**
 * Records the decision: a fresh id and, for operations DCS lists as tasks, the tasks that exist now
 * (and for a swap, the master). In a `RollingSwap` that has stopped, it is deferred instead: nothing
 * is read, and the run that later starts the swap records it then, so that run knows it is the first.
 */
async function create(inputs: IntentResourceInputs): Promise<{ id: string; outs: Outputs }> {
    const deferred = deferral(inputs);
    if (deferred) return { id: `deferred-${randomBytes(8).toString("hex")}`, outs: deferred };
    const intent = await record(inputs);
    return { id: intent.intentId, outs: clean({ ...echoInputs(inputs), ...intent }) };
}

/** Never takes a new baseline once recorded: that would forget an operation sent under this intent. */
async function update(_id: string, olds: Outputs, news: IntentResourceInputs): Promise<{ outs: Outputs }> {
    if (olds.deferred === true) return { outs: deferral(news) ?? clean({ ...echoInputs(news), ...(await record(news)) }) };
    const kept = Object.fromEntries(Object.keys(INTENT_FIELDS).map((key) => [key, olds[key]]));
    return { outs: clean({ ...echoInputs(news), ...kept }) };
}

function deferral(inputs: IntentResourceInputs): Outputs | undefined {
    // Silent: its swap says "not started" in the next breath.
    if (!heldBackBy(inputs.fleet)) return undefined;
    return { ...echoInputs(inputs), deferred: true };
}

async function record(inputs: IntentResourceInputs) {
    const ctx = startOperation(clientFor(inputs), inputs);
    const log = (message: string) => progress(ctx.owner, message);
    const clock = runtimeClock();
    return recordIntent(
        ctx.client,
        { ...inputs, switchover: inputs.forKind === "MasterStandbySwap" },
        {
            deadline: ctx.deadline,
            clock,
            journal: withSendsOfThisProcess(fileJournal(undefined, log), clock),
            log,
            instances: clientInstanceViews(ctx.client),
            afterTheFact: inputs.afterTheFact,
        },
    );
}
