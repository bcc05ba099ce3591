import { DcsError, swapFindings } from "../../../dcs";
import { FLEET_PREFLIGHT_CONCURRENCY } from "../defaults";
import { sameJson } from "../diff";
import { fieldTable, InputsOf, internal, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS } from "../fields/shared";
import { CheckFailure, Outputs, defineKind, diffFields } from "../kind";
import { echoInputs } from "../operation";
import { PreflightReport, instanceProblems, preflightClient } from "../preflight";
import { containsUnknown } from "../unknown";

/** Inputs of the preflight a `RollingSwap` runs over its whole fleet. */
const fields = fieldTable(
    {
        /** Every instance the rolling swap will switch over. */
        instanceIds: required<string[]>(rules.instanceIds, "update"),
        /**
         * Each instance's swap `triggers` (null for none), by instance id. Pulumi keeps the last inputs in
         * state even when nothing changed, so the next check tells the instances whose swap will run
         * (new, or triggers changed) from those already swapped, which it does not read.
         */
        triggers: internal<Record<string, unknown>>(rules.json, "ignore"),
    },
    CONNECTION_FIELDS,
);

type FleetPreflightInputs = InputsOf<typeof fields>;

/**
 * The read-only check of a whole fleet at preview (and before `up` starts any swap): one
 * ShowInstance per instance, a few at a time. Every unsupported instance is named in one failure,
 * so a preview lists them all instead of stopping at the first. Creating it makes no call.
 */
export const fleetPreflight = defineKind({
    kind: "FleetPreflight",
    fields,
    // Instances taken out of `instanceIds`, with the triggers they had: see `readded`.
    outputs: ["removed"],
    checksConnection: true,
    checkRemote: (olds, news) => fleetProblems(olds, news),
    // `diff` is the one step that sees the old outputs (`check` gets the old inputs): `removed` lives there.
    diff: async (olds, news) => {
        await warnReadded(olds, news as FleetPreflightInputs);
        return diffFields(fields, olds, news, { replaceable: false, forceUpdate: false });
    },
    create: async (inputs) => ({ id: `preflight-${inputs.instanceIds.length}`, outs: echoInputs(inputs) }),
    update: async (_id, olds, news) => ({ outs: { ...echoInputs(news), ...removedSince(olds, news) } }),
    read: async (id: string, props: Outputs) => ({ id, props }),
    delete: async () => {},
});

async function fleetProblems(olds: Outputs | undefined, news: FleetPreflightInputs): Promise<CheckFailure[]> {
    const report = new PreflightReport(news, "instanceIds");
    if (containsUnknown(news.instanceIds)) {
        report.note("skipped, the instance ids are not known until their resources are created");
        return [];
    }
    const ids = news.instanceIds.filter((id) => swapWillRun(olds, news, id));
    if (ids.length === 0) return [];
    const client = preflightClient(news, report);
    if (!client) return report.finish([]);
    const problems: string[][] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < ids.length; i = next++) problems[i] = await instanceProblems(client, ids[i], swapFindings, report);
    };
    await Promise.all(Array.from({ length: Math.min(FLEET_PREFLIGHT_CONCURRENCY, ids.length) }, worker));
    const bad = ids.filter((_, i) => problems[i].length > 0);
    if (bad.length === 0) {
        const skipped = news.instanceIds.length - ids.length;
        const already = skipped > 0 ? ` (${skipped} already swapped with these triggers, not read)` : "";
        report.note(`${ids.length} instance${ids.length === 1 ? "" : "s"} checked, all can be switched over${already}`);
        return report.finish([]);
    }
    const list = ids.flatMap((_, i) => problems[i]).join("; ");
    return report.finish([
        { property: "instanceIds", reason: `${bad.length} of ${ids.length} instances cannot be switched over (${bad.join(", ")}): ${list}` },
    ]);
}

/**
 * Whether the swap of `id` will run: a first check, an instance new to the list, or changed
 * triggers (or ones not known yet). An instance already in the last inputs with the same triggers
 * swapped then, or its swap resumes an unfinished record and reads the instance itself (`resumePreflight`, in its diff): a finished rolling swap makes no call at preview, and an
 * instance deleted since it was swapped never fails one.
 */
function swapWillRun(olds: Outputs | undefined, news: FleetPreflightInputs, id: string): boolean {
    const oldIds = olds?.instanceIds;
    if (!Array.isArray(oldIds) || !oldIds.includes(id)) return true;
    const before = (olds?.triggers as Record<string, unknown> | undefined)?.[id];
    const now = news.triggers?.[id];
    return containsUnknown(now) || !sameJson(before, now);
}

type TriggersById = Record<string, unknown>;

/**
 * Issue 19: an instance removed from the plan and added back under the same triggers is a new swap
 * resource, so it swaps again. The preflight keeps what was removed (with its triggers) to name such
 * an instance in a warning; an entry goes once the instance is back (its new swap records it).
 */
function removedSince(olds: Outputs, news: FleetPreflightInputs): { removed: TriggersById } {
    const removed: TriggersById = { ...((olds.removed as TriggersById | undefined) ?? {}) };
    const oldIds = Array.isArray(olds.instanceIds) ? (olds.instanceIds as string[]) : [];
    const oldTriggers = (olds.triggers as TriggersById | undefined) ?? {};
    for (const id of oldIds) if (!news.instanceIds.includes(id)) removed[id] = oldTriggers[id] ?? null;
    for (const id of news.instanceIds) delete removed[id];
    return { removed };
}

/** A counted warning (a failure under `dcs:strictPreview`) for each instance back under the triggers it had. */
async function warnReadded(olds: Outputs, news: FleetPreflightInputs): Promise<void> {
    if (containsUnknown(news.instanceIds)) return;
    const report = new PreflightReport(news, "instanceIds");
    for (const id of readded(olds, news)) {
        report.warn(
            `instance ${id} is back in instanceIds under the triggers it had when it was taken out: its swap's state went with it, ` +
                "so `pulumi up` swaps it again. Leave it out if it was swapped then; give it new triggers (instanceTriggers) if a swap is meant",
        );
    }
    const failures = await report.finish([]);
    if (failures.length > 0) throw new DcsError(failures.map((f) => f.reason).join("; "));
}

/** The instances of `news` that were removed earlier and are back under the same triggers. */
function readded(olds: Outputs, news: FleetPreflightInputs): string[] {
    const removed = olds.removed as TriggersById | undefined;
    if (!removed) return [];
    return news.instanceIds.filter((id) => id in removed && !containsUnknown(news.triggers?.[id]) && sameJson(removed[id], news.triggers?.[id] ?? null));
}
