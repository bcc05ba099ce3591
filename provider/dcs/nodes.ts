/**
 * `GET /v2/{project_id}/instances/{instance_id}/logical-nodes` (ShowNodesInformation, Huawei Cloud):
 * the instance's nodes with their replication role and availability zone. OTC documents no such
 * call; callers treat "API not found" as "not exposed".
 */

import { DcsAnswerInfo, DcsResponseError } from "./errors";

/** One node of an instance, as far as this package uses it. */
export interface DcsNode {
    /** `logical_node_id`, else `node_id`: what names the node across reads. */
    id: string;
    name?: string;
    /** `node_type`: `master` or `slave`. */
    role?: string;
    /** `az_code`, e.g. `eu-west-101a`. */
    azCode?: string;
    status?: string;
}

/** The node that serves writes, and its availability zone. */
export interface DcsMaster {
    nodeId: string;
    nodeName?: string;
    azCode?: string;
}

/** Throws `DcsResponseError` for a body without a node list; `answer` names the call in it (see models.ts). */
export function parseNodes(body: unknown, answer: DcsAnswerInfo = { operation: "showNodes", status: 200 }): DcsNode[] {
    if (typeof body !== "object" || body === null || !Array.isArray((body as { nodes?: unknown }).nodes)) {
        throw new DcsResponseError({ ...answer, problem: "lacks nodes" });
    }
    return ((body as { nodes: unknown[] }).nodes ?? []).flatMap((n): DcsNode[] => {
        if (typeof n !== "object" || n === null) return [];
        const o = n as Record<string, unknown>;
        const id = text(o.logical_node_id) ?? text(o.node_id);
        if (!id) return [];
        return [{ id, name: text(o.name), role: text(o.node_type)?.toLowerCase(), azCode: text(o.az_code), status: text(o.status) }];
    });
}

/** The one master among the nodes; undefined when there is none or more than one (mid-swap, or a cluster). */
export function masterOf(nodes: readonly DcsNode[]): DcsMaster | undefined {
    const masters = nodes.filter((n) => n.role === "master");
    if (masters.length !== 1) return undefined;
    const [m] = masters;
    return { nodeId: m.id, nodeName: m.name, azCode: m.azCode };
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
