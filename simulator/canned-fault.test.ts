import { expect } from "chai";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, admin, call, startSwap, v2 } from "./support.test";

describe("simulator: canned fault (a raw answer, byte for byte)", () => {
    let sim: RunningSimulator;
    before(async () => {
        sim = await startSimulator({ defaultScenario: { jobInitMs: 0, jobDurationMs: 100 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    // Not JSON on purpose (odd spacing, a trailing newline): it must arrive unchanged.
    const RAW = '{\n  "job_id" : "ff8080818822bbf70188235afc24141a",\n  "status" : "SUCCESS"\n}\n';
    const nodesStatus = (id = INSTANCE) => call(sim, "PUT", `${v2(sim)}/instances/${id}/nodes/status`, { body: { action: "restart" } });

    it("answers a routed operation with the given status and body, once, without performing it", async () => {
        const jobId = await startSwap(sim);
        sim.addFaults({ operation: "showJob", kind: "canned", status: 200, body: RAW });
        const canned = await call(sim, "GET", `${v2(sim)}/jobs/${jobId}`);
        expect(canned.status).to.equal(200);
        expect(canned.text).to.equal(RAW);
        expect(canned.headers.get("content-type")).to.equal("application/json;charset=UTF-8");
        expect(canned.headers.get("content-length")).to.equal(String(Buffer.byteLength(RAW)));
        const real = await call(sim, "GET", `${v2(sim)}/jobs/${jobId}`);
        expect(real.json.job_id, "consumed after one use").to.equal(jobId);
    });

    it("sends an error status, a Content-Type of its own, and honours count", async () => {
        sim.addFaults({ operation: "syncSwap", kind: "canned", status: 400, body: "plain words", contentType: "text/plain", count: 2 });
        for (let i = 0; i < 2; i++) {
            const answer = await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`);
            expect(answer.status).to.equal(400);
            expect(answer.text).to.equal("plain words");
            expect(answer.headers.get("content-type")).to.equal("text/plain");
        }
        expect(sim.counters().effects.swaps).to.equal(0);
        expect((await call(sim, "POST", `${v2(sim)}/instances/${INSTANCE}/swap`)).status).to.equal(204);
    });

    it("an empty body sends no body and no Content-Type", async () => {
        sim.addFaults({ operation: "showInstance", kind: "canned", status: 503, body: "" });
        const answer = await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`);
        expect(answer.status).to.equal(503);
        expect(answer.text).to.equal("");
        expect(answer.headers.get("content-type")).to.equal(null);
    });

    describe("paths the gateway does not publish", () => {
        it("stay 404 APIG.0101 without a canned fault, and with one that has no path", async () => {
            sim.addFaults({ operation: "any", kind: "canned", status: 200, body: "job_id:x" });
            const answer = await nodesStatus();
            expect(answer.status).to.equal(404);
            expect(answer.json.error_code).to.equal("APIG.0101");
            // The path-less fault is still pending and fires on the next routed request.
            expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}`)).text).to.equal("job_id:x");
        });

        it("are answered by an operation:any canned fault whose path matches, after auth", async () => {
            const body = "job_id:ff8080818822bbf70188235afc24141a";
            sim.addFaults({ operation: "any", kind: "canned", path: "/nodes/status$", status: 200, body, contentType: "text/plain" });
            const unsigned = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/nodes/status`, { auth: "none", body: { action: "restart" } });
            expect(unsigned.status, "auth first; the fault stays pending").to.equal(401);
            const otherPath = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/nodes/other`);
            expect(otherPath.json.error_code).to.equal("APIG.0101");
            const answer = await nodesStatus();
            expect(answer.status).to.equal(200);
            expect(answer.text).to.equal(body);
            expect(answer.headers.get("content-type")).to.equal("text/plain");
            expect((await nodesStatus()).json.error_code, "consumed").to.equal("APIG.0101");
            expect(sim.counters().requests.unknown).to.equal(4);
        });

        it("check the project and honour instanceId", async () => {
            sim.addFaults({ operation: "any", kind: "canned", path: "/nodes/status$", instanceId: INSTANCE, status: 200, body: "job_id:a" });
            expect((await nodesStatus(OTHER_INSTANCE)).json.error_code).to.equal("APIG.0101");
            const wrongProject = await call(sim, "PUT", `/v2/ffffffffffffffffffffffffffffffff/instances/${INSTANCE}/nodes/status`);
            expect(wrongProject.json.error_code).to.equal("DCS.1004");
            expect((await nodesStatus()).text).to.equal("job_id:a");
        });

        it("include an API the cloud profile lacks (otc async-swap)", async () => {
            sim.setBehaviour({ cloud: "otc" });
            expect((await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`)).json.error_code).to.equal("APIG.0101");
            sim.addFaults({ operation: "any", kind: "canned", path: "/async-swap$", status: 200, body: '{"job_id":"b"}' });
            const answer = await call(sim, "PUT", `${v2(sim)}/instances/${INSTANCE}/async-swap`);
            expect(answer.json).to.deep.equal({ job_id: "b" });
            expect(sim.counters().effects.swaps).to.equal(0);
        });
    });

    it("validates its fields (admin and programmatic)", async () => {
        const bad: Array<[unknown, RegExp]> = [
            [{ operation: "showJob", kind: "canned", body: "{}" }, /status: expected an integer HTTP status/],
            [{ operation: "showJob", kind: "canned", status: 99, body: "{}" }, /status/],
            [{ operation: "showJob", kind: "canned", status: 200 }, /body: expected a string/],
            [{ operation: "showJob", kind: "canned", status: 200, body: "", contentType: "a\nb" }, /contentType/],
            [{ operation: "any", kind: "canned", status: 200, body: "", path: "(" }, /path: not a valid regular expression/],
            [{ operation: "showJob", kind: "500", body: "{}" }, /body: only allowed with kind "canned"/],
            [{ operation: "any", kind: "429", path: "/jobs/" }, /path: only allowed with kind "canned"/],
        ];
        for (const [spec, message] of bad) {
            expect(() => sim.addFaults(spec as never)).to.throw(message);
            const answer = await admin(sim, "POST", "faults", spec);
            expect(answer.status).to.equal(400);
            expect(answer.json.error).to.match(message);
        }
        const ok = await admin(sim, "POST", "faults", { operation: "any", kind: "canned", path: "/nodes/status$", status: 200, body: "job_id:c" });
        expect(ok.json).to.deep.equal({ pending: 1 });
    });
});
