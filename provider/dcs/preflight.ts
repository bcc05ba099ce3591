import { FATAL_INSTANCE_STATUSES, isInstanceReady } from "./instance-ready";
import { DcsInstance } from "./models";

/** What a read-only look at an instance says about an operation before it is run. */
export interface PreflightFinding {
    /** `error`: the operation would fail; `warning`: it would wait (the instance is busy). */
    severity: "error" | "warning";
    message: string;
}

/**
 * Instances DCS can switch over: master/standby
 * (https://github.com/opentelekomcloud-docs/distributed-cache-service/blob/main/api-ref/source/apis_v2_recommended/instance_management/master_standby_switchover.rst),
 * and read/write splitting per the UMN
 * (https://github.com/opentelekomcloud-docs/distributed-cache-service/blob/main/umn/source/operating_dcs_instances/performing_a_master_standby_switchover_for_a_dcs_instance.rst).
 */
export const SWAPPABLE_CACHE_MODES: readonly string[] = ["ha", "ha_rw_split"];

/** Checks a master/standby swap would pass, from ShowInstance alone. */
export function swapFindings(instance: DcsInstance): PreflightFinding[] {
    const findings = stateFindings(instance);
    if (instance.cacheMode !== undefined && !SWAPPABLE_CACHE_MODES.includes(instance.cacheMode)) {
        findings.unshift({
            severity: "error",
            message: `instance ${instance.instanceId} is a "${instance.cacheMode}" instance; only master/standby instances (${SWAPPABLE_CACHE_MODES.join(", ")}) can be switched over (DCS would answer DCS.4855)`,
        });
    }
    return findings;
}

/** Checks a client-IP pass-through change would pass, from ShowInstance alone. */
export function clientIpFindings(instance: DcsInstance, enable: boolean): PreflightFinding[] {
    const findings = stateFindings(instance);
    const error = (message: string) => findings.unshift({ severity: "error", message: `instance ${instance.instanceId} ${message}` });
    if (instance.supportsClientIpPassthrough === false)
        error("does not support client IP pass-through (features.support_transparent_client_ip is false; DCS.4838)");
    else if (instance.engine?.toLowerCase() === "redis" && Number.parseFloat(instance.engineVersion ?? "") < 4) {
        error(`runs Redis ${instance.engineVersion}; client IP pass-through needs Redis 4.0 or later (DCS.4841)`);
    }
    if (enable && instance.sslEnabled === true) error("has SSL enabled; SSL and client IP pass-through cannot both be on");
    return findings;
}

function stateFindings(instance: DcsInstance): PreflightFinding[] {
    if (FATAL_INSTANCE_STATUSES.has(instance.status)) {
        return [
            {
                severity: "error",
                message: `instance ${instance.instanceId} is ${instance.status}; it will not accept the operation until an operator fixes it`,
            },
        ];
    }
    if (!isInstanceReady(instance)) {
        const task = instance.task ? ` with task ${instance.task}` : "";
        return [
            {
                severity: "warning",
                message: `instance ${instance.instanceId} is ${instance.status}${task} now; the operation will wait until it is RUNNING with no task`,
            },
        ];
    }
    return [];
}
