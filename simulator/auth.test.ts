import { expect } from "chai";
import { computeSignature, formatSdkDate } from "../provider/dcs/signer";
import { RunningSimulator, startSimulator } from "./index";
import { INSTANCE, call, v2 } from "./support.test";

describe("simulator: authentication and routing", () => {
    let sim: RunningSimulator;
    before(async () => {
        sim = await startSimulator();
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const instancePath = () => `${v2(sim)}/instances/${INSTANCE}`;

    function expectNoSecrets(text: string): void {
        expect(text).to.not.include(sim.credentials.secretKey);
        expect(text).to.not.include(sim.token);
        expect(text).to.not.match(/Signature=|[0-9a-f]{64}/);
    }

    it("answers a correctly signed GET, with an X-Request-Id", async () => {
        const answer = await call(sim, "GET", instancePath());
        expect(answer.status).to.equal(200);
        expect(answer.json).to.include({ instance_id: INSTANCE, status: "RUNNING", cache_mode: "ha" });
        expect(answer.headers.get("x-request-id")).to.match(/^[0-9a-f-]{36}$/);
    });

    it("verifies the exact body bytes of a signed PUT", async () => {
        const path = `/v2/${sim.projectId}/${INSTANCE}/client-ip-transparent-transmission`;
        const ok = await call(sim, "PUT", path, { body: { transparent_client_ip_enable: false } });
        expect(ok.status).to.equal(200);
        const tampered = await call(sim, "PUT", path, { body: { transparent_client_ip_enable: true }, sentBody: '{"transparent_client_ip_enable": true}' });
        expect(tampered.status).to.equal(401);
        expect(tampered.json.error_code).to.equal("APIG.0301");
    });

    it("refuses a wrong signature with 401 APIG.0301 and echoes no secret", async () => {
        const answer = await call(sim, "GET", instancePath(), {
            after: (h) => ({ ...h, Authorization: h.Authorization.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`) }),
        });
        expect(answer.status).to.equal(401);
        expect(answer.json).to.deep.equal({
            error_code: "APIG.0301",
            error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
            error_ext_msg: null,
        });
        expectNoSecrets(answer.text);
    });

    it("refuses a signature made with another secret key, and an unknown access key", async () => {
        const wrongSk = await call(sim, "GET", instancePath(), { credentials: { accessKey: sim.credentials.accessKey, secretKey: "not-the-secret" } });
        expect(wrongSk.status).to.equal(401);
        expect(wrongSk.json.error_code).to.equal("APIG.0301");
        const unknownAk = await call(sim, "GET", instancePath(), { credentials: { accessKey: "SOMEONEELSE", secretKey: sim.credentials.secretKey } });
        expect(unknownAk.status).to.equal(401);
        expect(unknownAk.json.error_code).to.equal("APIG.0301");
        expect(unknownAk.json.error_msg).to.include("access key not found");
    });

    it("refuses a signature whose signed query differs from the sent one", async () => {
        const answer = await call(sim, "GET", `${instancePath()}/tasks?limit=5`);
        expect(answer.status).to.equal(200);
        const url = `${sim.url}${instancePath()}/tasks?limit=5`;
        const headers = { "X-Sdk-Date": formatSdkDate(new Date()) };
        const { authorization } = computeSignature({ method: "GET", url, headers }, sim.credentials);
        const response = await fetch(url.replace("limit=5", "limit=6"), { headers: { ...headers, Authorization: authorization } });
        expect(response.status).to.equal(401);
    });

    it("answers 401 APIG.0303 when X-Sdk-Date is stale or missing", async () => {
        const stale = await call(sim, "GET", instancePath(), { signedAt: new Date(Date.now() - 20 * 60_000) });
        expect(stale.status).to.equal(401);
        expect(stale.json.error_code).to.equal("APIG.0303");
        const recent = await call(sim, "GET", instancePath(), { signedAt: new Date(Date.now() - 10 * 60_000) });
        expect(recent.status).to.equal(200);
        const missing = await call(sim, "GET", instancePath(), { after: ({ "X-Sdk-Date": _d, ...rest }) => rest });
        expect(missing.status).to.equal(401);
        expect(missing.json.error_code).to.equal("APIG.0303");
    });

    it("requires host and x-sdk-date among the signed headers", async () => {
        const answer = await call(sim, "GET", instancePath(), {
            after: (h) => ({ ...h, Authorization: h.Authorization.replace("SignedHeaders=host;x-sdk-date", "SignedHeaders=x-sdk-date") }),
        });
        expect(answer.status).to.equal(401);
        expect(answer.json.error_code).to.equal("APIG.0301");
        expect(answer.json.error_msg).to.include("host and x-sdk-date");
    });

    it("accepts the configured IAM token and refuses any other", async () => {
        const ok = await call(sim, "GET", instancePath(), { auth: "token" });
        expect(ok.status).to.equal(200);
        const bad = await call(sim, "GET", instancePath(), { auth: "token", token: "some-other-token" });
        expect(bad.status).to.equal(401);
        expect(bad.json.error_code).to.equal("APIG.0301");
        expectNoSecrets(bad.text);
        const none = await call(sim, "GET", instancePath(), { auth: "none" });
        expect(none.status).to.equal(401);
    });

    it("refuses another project id with 401 DCS.1004", async () => {
        const answer = await call(sim, "GET", `/v2/ffffffffffffffffffffffffffffffff/instances/${INSTANCE}`);
        expect(answer.status).to.equal(401);
        expect(answer.json).to.deep.equal({ error_code: "DCS.1004", error_msg: "Project ID does not match the token.", error_ext_msg: null });
    });

    it("answers 404 APIG.0101 for unpublished paths, including client-ip under instances/", async () => {
        for (const [method, path] of [
            ["GET", `${v2(sim)}/instances/${INSTANCE}/nothing`],
            ["PUT", `${v2(sim)}/instances/${INSTANCE}/client-ip-transparent-transmission`],
            ["GET", `${v2(sim)}/instances/${INSTANCE}/async-swap`],
            ["GET", "/"],
        ]) {
            const answer = await call(sim, method, path, { body: method === "PUT" ? { transparent_client_ip_enable: true } : undefined });
            expect(answer.status, `${method} ${path}`).to.equal(404);
            expect(answer.json).to.deep.equal({
                error_code: "APIG.0101",
                error_msg: "The API does not exist or has not been published in the environment",
                error_ext_msg: null,
            });
        }
        expect(sim.counters().requests.unknown).to.equal(4);
    });

    it("refuses a non-loopback host", async () => {
        let message = "";
        await startSimulator({ host: "0.0.0.0" }).catch((error: Error) => (message = error.message));
        expect(message).to.include("loopback");
    });
});
