import { swapFindings } from "../../../dcs";
import { FLEET_PREFLIGHT_CONCURRENCY } from "../defaults";
import { InputsOf, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS } from "../fields/shared";
import { CheckFailure, Outputs, defineKind, diffFields } from "../kind";
import { echoInputs } from "../operation";
import { instanceProblems, preflightClient, preflightNote } from "../preflight";
import { containsUnknown } from "../unknown";

/** Inputs of the preflight a `RollingSwap` runs over its whole fleet. */
const fields = {
    /** Every instance the rolling swap will switch over. */
    instanceIds: required<string[]>(rules.instanceIds, "update"),
    ...CONNECTION_FIELDS,
};

type FleetPreflightInputs = InputsOf<typeof fields>;

/**
 * The read-only check of a whole fleet at preview (and before `up` starts any swap): one
 * ShowInstance per instance, a few at a time. Every unsupported instance is named in one failure,
 * so a preview lists them all instead of stopping at the first. Creating it makes no call.
 */
export const fleetPreflight = defineKind({
    kind: "FleetPreflight",
    fields,
    outputs: [],
    checksConnection: true,
    checkRemote: (_olds, news) => fleetProblems(news),
    diff: (olds, news) => diffFields(fields, olds, news, { replaceable: false, forceUpdate: false }),
    create: async (inputs) => ({ id: `preflight-${inputs.instanceIds.length}`, outs: echoInputs(inputs) }),
    update: async (_id, _olds, news) => ({ outs: echoInputs(news) }),
    read: async (id: string, props: Outputs) => ({ id, props }),
    delete: async () => {},
});

async function fleetProblems(news: FleetPreflightInputs): Promise<CheckFailure[]> {
    const note = preflightNote(news);
    if (containsUnknown(news.instanceIds)) {
        note("skipped, the instance ids are not known until their resources are created");
        return [];
    }
    const client = preflightClient(news, note);
    if (!client) return [];
    const ids = news.instanceIds;
    const problems: string[][] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < ids.length; i = next++) problems[i] = await instanceProblems(client, ids[i], swapFindings, note);
    };
    await Promise.all(Array.from({ length: Math.min(FLEET_PREFLIGHT_CONCURRENCY, ids.length) }, worker));
    const bad = ids.filter((_, i) => problems[i].length > 0);
    if (bad.length === 0) {
        note(`${ids.length} instance${ids.length === 1 ? "" : "s"} checked, all can be switched over`);
        return [];
    }
    const list = ids.flatMap((_, i) => problems[i]).join("; ");
    return [{ property: "instanceIds", reason: `${bad.length} of ${ids.length} instances cannot be switched over (${bad.join(", ")}): ${list}` }];
}
