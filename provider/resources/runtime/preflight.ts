import { DcsAbortedError, DcsApiError, DcsClient, DcsConfigError, DcsError, DcsInstance, DcsNetworkError, PreflightFinding } from "../../dcs";
import { PREFLIGHT_DEADLINE_MS } from "./defaults";
import { engineWarning } from "./engine-log";
import { CheckFailure, KindDefinition, runsAgainUnchanged } from "./kind";
import { progress } from "./progress";
import { clientFor, strictPreview } from "./settings";
import { runtimeClock } from "./clock";
import { containsUnknown } from "./unknown";

/**
 * Read-only checks at preview (and again before `up` creates): ShowInstance, then the kind's
 * `preflight` rules (`dcs/preflight.ts`). Errors fail the check on `instanceId`. What predicts a
 * failing `up` without being certain (no usable credentials, credentials refused, endpoint
 * unreachable, instance busy) is a Pulumi warning on the declared resource, or a failure under
 * `dcs:strictPreview`. Skipped, with a note, when the id is not known yet; skipped silently when
 * the change does not run the operation again.
 */
export async function preflightFailures(
    definition: KindDefinition,
    olds: Record<string, unknown> | undefined,
    news: Record<string, unknown>,
): Promise<CheckFailure[]> {
    // A swap of a RollingSwap: its fleet's preflight reads it when new or re-triggered, and its diff when it resumes.
    if (!definition.preflight || news.preflight === false || news.fleet !== undefined) return [];
    if (olds && Object.keys(olds).length > 0 && runsAgainUnchanged(definition, olds, news)) return [];
    const report = new PreflightReport(news, "instanceId");
    if (containsUnknown(news.instanceId)) {
        report.note("skipped, the instance id is not known until its resource is created");
        return [];
    }
    const client = preflightClient(news, report);
    if (!client) return report.finish([]);
    const errors = await instanceProblems(client, news.instanceId as string, (instance) => definition.preflight!(instance, news), report);
    return report.finish(errors.map((reason) => ({ property: "instanceId", reason })));
}

/**
 * The preflight of a RollingSwap's swap that will run again with unchanged triggers (its record is
 * FAIL, NOT_STARTED or unfinished): its fleet's preflight did not read it, and only the swap's own
 * `diff` sees its record. Warnings are reported as usual; failures are thrown, since `diff` has no
 * failures to return, so the preview fails naming the instance.
 */
export async function resumePreflight(news: Record<string, unknown>, judge: (instance: DcsInstance) => PreflightFinding[]): Promise<void> {
    const instanceId = news.instanceId as string;
    const report = new PreflightReport(news, "instanceId");
    const client = preflightClient(news, report);
    const errors = client ? await instanceProblems(client, instanceId, judge, report) : [];
    const failures = await report.finish(errors.map((reason) => ({ property: "instanceId", reason })));
    if (failures.length > 0) {
        throw new DcsError(`preflight of instance ${instanceId}, whose swap runs again: ${failures.map((f) => f.reason).join("; ")}`);
    }
}

/**
 * What one preflight says besides its errors: info notes (progress lines), and warnings, each
 * given once. `finish` sends the warnings to the engine on the resource the user declared
 * (`declaredUrn`), or turns them into failures on `property` when `dcs:strictPreview` is true.
 */
export class PreflightReport {
    private readonly warnings: string[] = [];
    private readonly owner: string | undefined;

    constructor(
        private readonly news: Record<string, unknown>,
        private readonly property: string,
    ) {
        this.owner = typeof news.owner === "string" ? news.owner : undefined;
    }

    /** An info line, named after the resource. */
    note(message: string): void {
        progress(this.owner, `preflight: ${message}`);
    }

    /** A finding that predicts a failing `up`; the same message is reported once. */
    warn(message: string): void {
        if (!this.warnings.includes(message)) this.warnings.push(message);
    }

    /** The check's failures: `errors`, plus the warnings under `dcs:strictPreview`; otherwise the warnings are sent. */
    async finish(errors: CheckFailure[]): Promise<CheckFailure[]> {
        if (strictPreview()) {
            const strict = this.warnings.map((message) => ({
                property: this.property,
                reason: `${message} (dcs:strictPreview is true: this fails the preview)`,
            }));
            return [...errors, ...strict];
        }
        const urn = typeof this.news.declaredUrn === "string" ? this.news.declaredUrn : undefined;
        for (const message of this.warnings) await engineWarning(urn, this.owner, "preflight", message);
        return errors;
    }
}

/** The client `up` would use, or undefined (with a warning) when no usable connection settings exist. */
export function preflightClient(news: Record<string, unknown>, report: PreflightReport): DcsClient | undefined {
    try {
        return clientFor(news);
    } catch (error) {
        if (!(error instanceof DcsConfigError)) throw error;
        report.warn(`not checked, no usable DCS connection settings (${error.message}); \`pulumi up\` would fail the same way`);
        return undefined;
    }
}

/**
 * Reads one instance and judges it: the error findings' messages (a missing instance is one), with
 * warnings reported. The check's own trouble never blocks a deployment unless `dcs:strictPreview`:
 * refused credentials and an endpoint that does not answer are warnings (`up` would fail the same
 * way), anything else (throttling, a 5xx) an info note that the instance was not checked.
 */
export async function instanceProblems(
    client: DcsClient,
    instanceId: string,
    judge: (instance: DcsInstance) => PreflightFinding[],
    report: PreflightReport,
): Promise<string[]> {
    let instance: DcsInstance;
    try {
        instance = await client.showInstance(instanceId, { deadline: runtimeClock().now() + PREFLIGHT_DEADLINE_MS });
    } catch (error) {
        if (error instanceof DcsApiError && error.errorClass === "not-found") {
            return [`instance ${instanceId} was not found in project ${client.projectId} (${error.errorCode ?? error.status})`];
        }
        const warning = readWarning(error);
        if (warning) report.warn(warning);
        else report.note(`could not read instance ${instanceId}, so it was not checked: ${(error as Error).message}`);
        return [];
    }
    const findings = judge(instance);
    for (const f of findings) if (f.severity === "warning") report.warn(f.message);
    return findings.filter((f) => f.severity === "error").map((f) => f.message);
}

/** The warning for a failed preflight read that `up` would hit too; the same for every instance, so a fleet reports it once. */
function readWarning(error: unknown): string | undefined {
    if (error instanceof DcsApiError && error.errorClass === "auth") {
        const code = error.errorCode ? ` ${error.errorCode}` : "";
        return `DCS refused the credentials on the preflight read (HTTP ${error.status}${code}); \`pulumi up\` would fail the same way`;
    }
    if (error instanceof DcsNetworkError) return `the DCS endpoint did not answer the preflight read (${error.code}); \`pulumi up\` would fail the same way`;
    if (error instanceof DcsAbortedError && error.reason === "deadline") {
        return `the DCS endpoint did not answer the preflight read within ${PREFLIGHT_DEADLINE_MS / 1000} s; \`pulumi up\` would likely fail the same way`;
    }
    return undefined;
}
