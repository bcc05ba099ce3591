import { expect } from "chai";
import { DcsResponseError } from "./errors";
import { masterOf, parseNodes } from "./nodes";

describe("dcs/nodes", () => {
    const body = {
        instance_id: "x",
        total: 2,
        nodes: [
            { logical_node_id: "ln-a", name: "redis-a", node_type: "master", az_code: "eu-west-101a", status: "Active" },
            { logical_node_id: "ln-b", name: "redis-b", node_type: "slave", az_code: "eu-west-101b", status: "Active" },
        ],
    };

    it("finds the master and its AZ", () => {
        expect(masterOf(parseNodes(body))).to.deep.equal({ nodeId: "ln-a", nodeName: "redis-a", azCode: "eu-west-101a" });
    });

    it("has no master while two (or no) nodes claim the role", () => {
        const two = { nodes: body.nodes.map((n) => ({ ...n, node_type: "MASTER" })) };
        expect(masterOf(parseNodes(two))).to.equal(undefined);
        expect(masterOf(parseNodes({ nodes: [] }))).to.equal(undefined);
    });

    it("refuses a body without a node list, and skips nodes without an id", () => {
        expect(() => parseNodes({ total: 0 })).to.throw(DcsResponseError, /showNodes answered HTTP 200, but the body lacks nodes/);
        expect(parseNodes({ nodes: [{ name: "no id" }, { node_id: "n1", node_type: "master" }] })).to.deep.equal([
            { id: "n1", name: undefined, role: "master", azCode: undefined, status: undefined },
        ]);
    });
});
