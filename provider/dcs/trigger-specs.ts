import { DcsConfigError } from "./errors";
import { resolveJobPath } from "./job-path";
import { DcsRequest } from "./transport";
import { TriggerSpec } from "./trigger";
import { assertInstanceId } from "./validate";

/** `DCS.4846`/`DCS.4847`: pass-through already disabled/enabled. */
const CLIENT_IP_NO_CHANGE = ["DCS.4846", "DCS.4847"] as const;

/** `PUT /v2/{project_id}/instances/{instance_id}/async-swap` → the swap job. */
export function asyncSwapSpec(projectId: string, instanceId: string): TriggerSpec {
    assertInstanceId(instanceId);
    return {
        request: { operation: "swapMasterStandby", method: "PUT", path: `/v2/${projectId}/instances/${instanceId}/async-swap` },
        instanceId,
        replaySafe: false,
        expectJobId: true,
    };
}

/** `POST /v2/{project_id}/instances/{instance_id}/swap` → 204 without a job (the only swap OTC documents). */
export function syncSwapSpec(projectId: string, instanceId: string): TriggerSpec {
    assertInstanceId(instanceId);
    return {
        request: { operation: "swapMasterStandbySync", method: "POST", path: `/v2/${projectId}/instances/${instanceId}/swap` },
        instanceId,
        replaySafe: false,
        expectJobId: false,
    };
}

/**
 * `PUT /v2/{project_id}/{instance_id}/client-ip-transparent-transmission` (no `instances/` segment).
 * "Already enabled/disabled" is success with `noChange`. Setting a flag to a fixed value is safe to replay.
 */
export function clientIpSpec(projectId: string, instanceId: string, enabled: boolean): TriggerSpec {
    assertInstanceId(instanceId);
    if (typeof enabled !== "boolean") throw new DcsConfigError("enabled", `must be a boolean, got ${typeof enabled}`);
    return {
        request: {
            operation: "setClientIpPassthrough",
            method: "PUT",
            path: `/v2/${projectId}/${instanceId}/client-ip-transparent-transmission`,
            body: { transparent_client_ip_enable: enabled },
        },
        instanceId,
        replaySafe: true,
        noChangeCodes: CLIENT_IP_NO_CHANGE,
        expectJobId: true,
    };
}

/** A call below `/v2/{project_id}` that answers with a job id; never replayed after an ambiguous answer. */
export interface JobCall {
    method: DcsRequest["method"];
    /**
     * Relative to `/v2/{project_id}` (`/instances/<id>/ssl`), or the full `/v2/{project_id}/…` form
     * (anything starting with `/v2/`). `{instance_id}` is filled from `instanceId`; see
     * `jobPathProblem` for what is refused.
     */
    path: string;
    body?: unknown;
    /** The instance concerned: busy answers wait until it is ready, and it fills `{instance_id}`. */
    instanceId?: string;
    operation?: string;
}

/**
 * The trigger of a job call. The path goes through `resolveJobPath` (the rules preview applies too,
 * plus a check of the URL parsed against `endpoint`), so a refused path throws
 * `DcsConfigError("path")` before anything is sent.
 */
export function jobCallSpec(projectId: string, call: JobCall, endpoint?: string): TriggerSpec {
    if (typeof call.path !== "string" || !call.path.startsWith("/")) {
        throw new DcsConfigError(
            "path",
            "must start with '/': a path relative to /v2/{project_id} such as /instances/<id>/ssl, or a full /v2/{project_id}/… path",
        );
    }
    const full = call.path.startsWith("/v2/") ? call.path : `/v2/{project_id}${call.path}`;
    const path = resolveJobPath(full, { projectId, instanceId: call.instanceId, endpoint });
    return {
        request: { operation: call.operation ?? "triggerJob", method: call.method, path, body: call.body },
        instanceId: call.instanceId,
        replaySafe: false,
        expectJobId: true,
    };
}
