import { DcsApiError, DcsClient, DcsConfigError, DcsInstance, PreflightFinding, clientIpFindings, swapFindings } from "../../dcs";
import { CheckFailure, ClientIpInputs, ResourceKind, SwapInputs } from "./inputs";
import * as clientIp from "./kinds/client-ip-passthrough";
import * as swap from "./kinds/master-standby-swap";
import { progress } from "./progress";
import { clientFor } from "./settings";
import { containsUnknown } from "./unknown";

/** How long a preview waits for ShowInstance (with its retries) before it gives up checking. */
export const PREFLIGHT_DEADLINE_MS = 20_000;

/** Which inputs make the operation run again (each kind says): only then is it worth a read at preview. */
const RUNS_AGAIN: Partial<Record<ResourceKind, readonly string[]>> = {
    MasterStandbySwap: swap.RUNS_AGAIN,
    ClientIpPassthrough: clientIp.RUNS_AGAIN,
};

/**
 * Read-only checks at preview (and again before `up` creates): ShowInstance, then the rules in
 * `dcs/preflight.ts`. Errors fail the check on `instanceId`; a busy instance is a warning line.
 * Skipped, with a note, when the id is not known yet or no credentials are configured, and when
 * the change does not run the operation (nothing else in the resource's inputs changed).
 */
export async function preflightFailures(kind: ResourceKind, olds: Record<string, unknown> | undefined, news: Record<string, unknown>): Promise<CheckFailure[]> {
    const keys = RUNS_AGAIN[kind];
    if (!keys || news.preflight === false) return [];
    if (olds && Object.keys(olds).length > 0 && keys.every((k) => JSON.stringify(olds[k]) === JSON.stringify(news[k]))) return [];
    const owner = typeof news.owner === "string" ? news.owner : undefined;
    const note = (message: string) => progress(owner, `preflight: ${message}`);
    if (containsUnknown(news.instanceId)) {
        note("skipped, the instance id is not known until its resource is created");
        return [];
    }
    let client: DcsClient;
    try {
        client = clientFor(news as unknown as SwapInputs);
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
    const findings: PreflightFinding[] =
        kind === "MasterStandbySwap" ? swapFindings(instance) : clientIpFindings(instance, (news as unknown as ClientIpInputs).enabled);
    for (const f of findings) if (f.severity === "warning") note(`warning: ${f.message}`);
    return findings.filter((f) => f.severity === "error").map((f) => ({ property: "instanceId", reason: f.message }));
}
