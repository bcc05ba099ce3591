import { assertProjectId, jobCallSpec, jobPathProblem, resolveJobPath } from "../../../dcs";
import { OperationTarget, fileJournal } from "../../../operations";
import { fieldTable, InputsOf, internal, optional, required } from "../fields/field";
import { rules } from "../fields/rules";
import { CONNECTION_FIELDS, POLL_FIELDS, RESOLUTION_FIELDS } from "../fields/shared";
import { intentRefFor } from "../intent-ref";
import { CheckFailure, Outputs, defineKind } from "../kind";
import { sameJson } from "../diff";
import { noteIntentRetired } from "../intent-use";
import { JOB_OUTPUTS, importedFromJob, jobOutputs, OperationContext, operationMethods } from "../operation";
import { progress } from "../progress";
import { clientFor } from "../settings";
import { containsUnknown } from "../unknown";

/** Inputs of `DcsJob`: the table `check`, `diff`, the outputs and `DcsJobArgs` come from. What the call is re-runs it; the rest updates in place. */
const fields = fieldTable(
    {
        /** HTTP method of the call. */
        method: required<"PUT" | "POST" | "DELETE" | "PATCH">(rules.method, "replace"),
        /**
         * A DCS path such as `/v2/{project_id}/instances/{instance_id}/ssl`. After `/v2/` comes
         * `{project_id}` (filled in from the configuration) or the configured project id itself; a
         * whole segment `{instance_id}` is filled in from `instanceId`, which it then requires. No
         * other placeholder. Refused at preview: `.` or `..` segments and `..` anywhere in a segment;
         * empty segments; a query or fragment; whitespace, control characters, backslashes and raw
         * non-ASCII (only letters, digits, `-_.~:@` and `%XX` escapes); escapes of `.`, `/`, `\`, `%`
         * or control characters (`%2e`, `%2F`, `%5c`... in any case) and a `%` that starts no escape;
         * more than 1024 characters. What preview accepts is sent exactly so, below `/v2/<project id>/`.
         */
        path: required<string>(rules.path, "replace"),
        /** JSON body, sent as is. */
        body: optional<unknown>(rules.json, "replace"),
        /** Any JSON value; when it changes, the call is made again (shown as a replace), as in `@pulumi/command`. */
        triggers: optional<unknown>(rules.json, "replace"),
        /** The instance concerned, if any: busy answers then wait until it is RUNNING with no task. Fills `{instance_id}` in `path`. */
        instanceId: optional<string>(rules.instanceId, "update"),
        intentId: internal<string>(rules.intentId),
    },
    POLL_FIELDS,
    CONNECTION_FIELDS,
    RESOLUTION_FIELDS,
);

export type DcsJobInputs = InputsOf<typeof fields>;

const operation = operationMethods(fields, operationTarget);

/** `instanceId` is part of the call when it fills `{instance_id}` in the path: then a change is a new call, exactly like `path`. */
function diff(olds: Outputs, news: DcsJobInputs) {
    const result = operation.diff(olds, news);
    const fillsPath = typeof news.path === "string" && news.path.includes("{instance_id}");
    if (fillsPath && !importedFromJob(olds) && !sameJson(olds.instanceId, news.instanceId) && !result.replaces.includes("instanceId"))
        return { ...result, changes: true, replaces: [...result.replaces, "instanceId"] };
    return result;
}

/** Any other DCS call that answers with a job id: made once, never replayed after an ambiguous answer. */
export const dcsJob = defineKind({
    kind: "DcsJob",
    fields,
    outputs: JOB_OUTPUTS,
    checksConnection: true,
    checkInputs: checkAgainstConfig,
    ...operation,
    diff,
    read,
    delete: remove,
});

/** Refresh re-reads the recorded job; a resource handed over from a pending create (docs/recovery.md) arrives with the job id alone. */
async function read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const jobId = typeof props.jobId === "string" ? props.jobId : props.status === undefined ? id : undefined;
    if (jobId === undefined) return { id, props };
    const job = await clientFor(props)
        .showJob(jobId)
        .catch(() => undefined);
    return { id, props: job ? { ...props, jobId, ...jobOutputs(job) } : props };
}

async function remove(_id: string, props: Outputs): Promise<void> {
    noteIntentRetired(props, "DcsJob", fileJournal());
    progress(props.owner as string | undefined, `removed from the stack; ${String(props.method)} ${String(props.path)} is not undone (no API call made)`);
}

/**
 * The part of `check` that needs more than one input at a time or the configuration: a literal
 * project id in `path` must be the configured one, and `{instance_id}` needs `instanceId`. Shape
 * problems are reported once, by `validateInputs`; a project id that cannot be resolved yet (config
 * or credentials missing) is not compared.
 */
function checkAgainstConfig(inputs: Partial<DcsJobInputs>): CheckFailure[] {
    const path = inputs.path;
    if (typeof path !== "string" || containsUnknown(path) || jobPathProblem(path) !== undefined) return [];
    // The unknown sentinel is a string too: an instanceId not known yet still fills {instance_id} at `up`.
    const problem = jobPathProblem(path, { projectId: configuredProjectId(inputs), instanceId: inputs.instanceId ?? undefined });
    return problem ? [{ property: "path", reason: problem }] : [];
}

/** The project id `up` will use (input, then `dcs:projectId`, then environment), or undefined when it cannot tell yet. */
function configuredProjectId(inputs: Partial<DcsJobInputs>): string | undefined {
    if (containsUnknown(inputs.projectId)) return undefined;
    try {
        if (inputs.projectId !== undefined && inputs.projectId !== null) return assertProjectId(inputs.projectId);
        // A signal of our own: check sends nothing, so there is no reason to start watching the engine.
        return clientFor(inputs, new AbortController().signal).projectId;
    } catch {
        // A bad or unknown projectId, region or endpoint input is check's to report (or not yet known); missing config is create's.
        return undefined;
    }
}

/** A DcsJob call has no background task to be identified by: after an ambiguous answer it stops and says so. */
async function operationTarget(ctx: OperationContext, inputs: DcsJobInputs): Promise<OperationTarget> {
    const { projectId, endpoint } = ctx.client;
    // First, before the intent reads anything: a refused path throws DcsConfigError("path") naming the
    // user's input. Only the full /v2/ form is taken here (jobCallSpec also takes relative paths).
    const path = resolveJobPath(inputs.path, { projectId, instanceId: inputs.instanceId, endpoint });
    const operation = `${inputs.method} ${inputs.path}`;
    const spec = jobCallSpec(projectId, { method: inputs.method, path, body: inputs.body, instanceId: inputs.instanceId, operation }, endpoint);
    return {
        operation,
        instanceId: inputs.instanceId,
        sends: [{ api: "call", spec }],
        intent: await intentRefFor(ctx.client, inputs, "DcsJob", undefined, { deadline: ctx.deadline, prior: ctx.prior, creating: ctx.creating }),
    };
}
