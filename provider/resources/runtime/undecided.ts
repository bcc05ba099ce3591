/**
 * Operations that are not decided yet: the intent they keep, the operator's `resolution` that
 * decides them, and the way out an error names (a timeout: resume; nothing decides: `resolution`).
 */
import {
    OperationRecord,
    OperationUnidentifiedError,
    RolesUnreadableError,
    SwitchoverUnconfirmedError,
    endedWithoutEffect,
    succeeded,
    undecided,
} from "../../operations";
import { JobTimeoutError } from "../../jobs";
import { Resolution } from "./fields/shared";
import { Outputs } from "./kind";
import { progress } from "./progress";
import { JOB_STATUS } from "../../dcs";

/**
 * An operation not yet decided stays under the intent it was sent under, even when state now hands
 * the resource a new one (an alias that renamed only the resource, a re-recorded intent): the new
 * baseline may already hold the operation's own task, and it would then be sent again.
 */
export function underIntentOf<I extends { owner?: string }>(prior: OperationRecord | undefined, olds: Outputs, news: I): I {
    if (!undecided(prior)) return news;
    if (typeof olds.intentId !== "string") {
        // Sent under no intent (0.1 state, an adopted swap): the sibling intent was recorded after the send, so its baseline
        // (tasks, master) may already hold this very operation. The run goes on as for a record from
        // before intents existed ("legacy"), never judged against that baseline.
        if ((news as { intentId?: unknown }).intentId === undefined) return news;
        progress(
            news.owner,
            "its operation was sent under no intent of this resource (0.1 state, or `adoptSwap`): the intent recorded since proves nothing about it",
        );
        return { ...news, ...Object.fromEntries(INTENT_KEYS.map((k) => [k, undefined])) };
    }
    if (olds.intentId === (news as { intentId?: unknown }).intentId) return news;
    progress(news.owner, `keeps the intent it was sent under (${olds.intentId}) until that operation is decided; state hands it a newer one`);
    const kept = Object.fromEntries(INTENT_KEYS.filter((k) => olds[k] !== undefined).map((k) => [k, olds[k]]));
    return { ...news, ...kept };
}

const INTENT_KEYS = ["intentId", "baselineTaskIds", "baselineMaster", "previousDurationMs"];

/**
 * Outputs of an operation `underIntentOf` ran under another intent, once it is decided: they take
 * the resource's own intent again, so the next preview shows no change for it.
 */
export function backUnderOwnIntent(outs: Outputs, news: object): Outputs {
    const own = news as Outputs;
    return { ...outs, ...Object.fromEntries(INTENT_KEYS.filter((k) => own[k] !== undefined).map((k) => [k, own[k]])) };
}

/** What `resolution.intentId` names for a record that has no intent (state written by 0.1). */
export const LEGACY_INTENT = "legacy";

/**
 * An operator's `resolution` of an undecided operation: "done" records SUCCESS with no call;
 * "not-done" records FAIL, so the run goes on as after any FAIL (identify, then send). Only for the
 * intent it names, and only while the record is undecided.
 */
export function resolve(
    prior: OperationRecord | undefined,
    olds: Outputs,
    inputs: { owner?: string },
): { outcome: string; record: OperationRecord } | undefined {
    const resolution = (inputs as { resolution?: Resolution }).resolution;
    if (!resolution || prior === undefined || succeeded(prior) || endedWithoutEffect(prior)) return undefined;
    // State written by 0.1 has no intent: its one undecided record is "legacy".
    const intentId = (inputs as { intentId?: unknown }).intentId ?? olds.intentId ?? LEGACY_INTENT;
    if (resolution.intentId !== intentId) {
        progress(inputs.owner, `resolution names intent ${resolution.intentId}, not this operation's (${String(intentId)}); ignored`);
        return undefined;
    }
    const done = resolution.outcome === "done";
    progress(
        inputs.owner,
        `the operator recorded the operation under intent ${resolution.intentId} as ${done ? "done: SUCCESS, no call" : "not done: it is sent again"}`,
    );
    // A new revision: the operator's word is newer than any journal entry a killed run left.
    const record: OperationRecord = {
        ...prior,
        status: done ? JOB_STATUS.SUCCESS : JOB_STATUS.FAIL,
        masterChanged: undefined,
        resolvedBy: "operator",
        revision: (prior.revision ?? 0) + 1,
    };
    return { outcome: resolution.outcome, record };
}

/** What an operator can do about an operation that stopped undecided; empty for any other error. */
export function wayOut(cause: Error, intentId: string): string {
    if (cause instanceof JobTimeoutError) return `. Run \`pulumi up\` again to resume job ${cause.jobId}: it is waited for, not sent again`;
    const undecided = cause instanceof OperationUnidentifiedError || cause instanceof SwitchoverUnconfirmedError || cause instanceof RolesUnreadableError;
    if (!undecided) return "";
    return (
        `. Run \`pulumi up\` again to retry; to decide it yourself after checking the instance, set ` +
        `resolution: { intentId: "${intentId}", outcome: "done" } on this resource if it took effect, or outcome: "not-done" to send it again`
    );
}
