import { Cloud, Operation } from "./types";

/** A /v2 request matched to an operation, with its path parameters (raw, not decoded). */
export interface RouteMatch {
    operation: Operation;
    projectId: string;
    instanceId?: string;
    jobId?: string;
}

interface Route {
    method: string;
    pattern: RegExp;
    operation: Operation;
    /** Which capture group holds which parameter (group 1 is always the project id). */
    param: "instanceId" | "jobId";
}

const SEG = "([^/]+)";

const ROUTES: Route[] = [
    { method: "GET", pattern: new RegExp(`^/v2/${SEG}/jobs/${SEG}$`), operation: "showJob", param: "jobId" },
    { method: "GET", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}$`), operation: "showInstance", param: "instanceId" },
    { method: "GET", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}/tasks$`), operation: "listTasks", param: "instanceId" },
    { method: "GET", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}/logical-nodes$`), operation: "showNodes", param: "instanceId" },
    { method: "PUT", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}/async-swap$`), operation: "asyncSwap", param: "instanceId" },
    { method: "POST", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}/swap$`), operation: "syncSwap", param: "instanceId" },
    // No `instances/` segment here: that is how the real API spells this path.
    { method: "PUT", pattern: new RegExp(`^/v2/${SEG}/${SEG}/client-ip-transparent-transmission$`), operation: "clientIp", param: "instanceId" },
    { method: "PUT", pattern: new RegExp(`^/v2/${SEG}/instances/${SEG}/ssl$`), operation: "ssl", param: "instanceId" },
];

/** Undefined for anything the simulated gateway does not publish (answered 404 APIG.0101). */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
    for (const route of ROUTES) {
        if (route.method !== method) continue;
        const m = route.pattern.exec(pathname);
        if (m) return { operation: route.operation, projectId: m[1], [route.param]: m[2] };
    }
    return undefined;
}

/**
 * OTC documents neither the async swap, nor the client-IP call (see docs/configuration.md, "Clouds: which APIs exist"), nor the
 * node list, so the `otc` profile's gateway does not publish them: 404 APIG.0101 before auth, like any unknown path.
 */
const UNPUBLISHED: Record<Cloud, readonly Operation[]> = { huaweicloud: [], otc: ["asyncSwap", "clientIp", "showNodes"] };

export function isPublished(operation: Operation, cloud: Cloud): boolean {
    return !UNPUBLISHED[cloud].includes(operation);
}
