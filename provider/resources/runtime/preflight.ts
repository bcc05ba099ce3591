import { DcsApiError, DcsClient, DcsConfigError, DcsInstance } from "../../dcs";
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
    const owner = typeof news.owner === "string" ? news.owner : undefined;
    const note = (message: string) => progress(owner, `preflight: ${message}`);
    if (containsUnknown(news.instanceId)) {
        note("skipped, the instance id is not known until its resource is created");
        return [];
    }
    let client: DcsClient;
    try {
        client = clientFor(news);
    } catch (error) {
        if (!(error instanceof DcsConfigError)) throw error;
        note(`skipped, no usable DCS connection settings (${error.message})`);
        return [];
    }
    const instanceId = news.instanceId as string;
    let instance: DcsInstance;
    try {
        instance = await client.showInstance(instanceId, { deadline: Date.now() + PREFLIGHT_DEADLINE_MS });
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") {
            return [
                { property: "instanceId", reason: `instance ${instanceId} was not found in project ${client.projectId} (${error.errorCode ?? error.status})` },
            ];
        }
        // The check's own trouble (throttling, network, permissions) never blocks a deployment.
        note(`could not read instance ${instanceId}, so it was not checked: ${(error as Error).message}`);
        return [];
    }
    const findings = definition.preflight(instance, news);
    for (const f of findings) if (f.severity === "warning") note(`warning: ${f.message}`);
    return findings.filter((f) => f.severity === "error").map((f) => ({ property: "instanceId", reason: f.message }));
}
