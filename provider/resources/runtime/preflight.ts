import { DcsApiError, DcsClient, DcsConfigError, DcsInstance, PreflightFinding, systemClock } from "../../dcs";
import { PREFLIGHT_DEADLINE_MS } from "./defaults";
import { CheckFailure, KindDefinition, runsAgainUnchanged } from "./kind";
import { progress } from "./progress";
import { clientFor } from "./settings";
import { containsUnknown } from "./unknown";

/**
 * Read-only checks at preview (and again before `up` creates): ShowInstance, then the kind's
 * `preflight` rules (`dcs/preflight.ts`). Errors fail the check on `instanceId`; a busy instance
 * is a warning line. Skipped, with a note, when the id is not known yet or no credentials are
 * configured; skipped silently when the change does not run the operation again.
 */
export async function preflightFailures(
    definition: KindDefinition,
    olds: Record<string, unknown> | undefined,
    news: Record<string, unknown>,
): Promise<CheckFailure[]> {
    if (!definition.preflight || news.preflight === false) return [];
    if (olds && Object.keys(olds).length > 0 && runsAgainUnchanged(definition, olds, news)) return [];
    const note = preflightNote(news);
    if (containsUnknown(news.instanceId)) {
        note("skipped, the instance id is not known until its resource is created");
        return [];
    }
    const client = preflightClient(news, note);
    if (!client) return [];
    const errors = await instanceProblems(client, news.instanceId as string, (instance) => definition.preflight!(instance, news), note);
    return errors.map((reason) => ({ property: "instanceId", reason }));
}

/** Progress lines of a preflight, named after the resource. */
export function preflightNote(news: Record<string, unknown>): (message: string) => void {
    const owner = typeof news.owner === "string" ? news.owner : undefined;
    return (message) => progress(owner, `preflight: ${message}`);
}

/** The client `up` would use, or undefined (with a note) when no usable connection settings exist yet. */
export function preflightClient(news: Record<string, unknown>, note: (message: string) => void): DcsClient | undefined {
    try {
        return clientFor(news);
    } catch (error) {
        if (!(error instanceof DcsConfigError)) throw error;
        note(`skipped, no usable DCS connection settings (${error.message})`);
        return undefined;
    }
}

/**
 * Reads one instance and judges it: the error findings' messages (a missing instance is one), with
 * warnings noted. The check's own trouble (throttling, network, permissions) never blocks a
 * deployment: the instance is then noted as not checked.
 */
export async function instanceProblems(
    client: DcsClient,
    instanceId: string,
    judge: (instance: DcsInstance) => PreflightFinding[],
    note: (message: string) => void,
): Promise<string[]> {
    let instance: DcsInstance;
    try {
        instance = await client.showInstance(instanceId, { deadline: systemClock.now() + PREFLIGHT_DEADLINE_MS });
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") {
            return [`instance ${instanceId} was not found in project ${client.projectId} (${error.errorCode ?? error.status})`];
        }
        note(`could not read instance ${instanceId}, so it was not checked: ${(error as Error).message}`);
        return [];
    }
    const findings = judge(instance);
    for (const f of findings) if (f.severity === "warning") note(`warning: ${f.message}`);
    return findings.filter((f) => f.severity === "error").map((f) => f.message);
}
