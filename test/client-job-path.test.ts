import { expect } from "chai";
import { randomUUID } from "crypto";
import { DcsClient, DcsConfigError } from "../provider";
import { DEFAULT_PROJECT_ID, RunningSimulator, startSimulator } from "../simulator";

/**
 * `DcsClient.triggerJob` refuses paths that URL parsing would resolve out of `/v2/{project_id}`
 * (encoded dot segments in any case, encoded slashes and backslashes, `..` inside a segment)
 * before signing or sending anything: the simulator sees no request at all.
 */
describe("DcsClient.triggerJob refuses escaping paths before sending", function () {
    this.timeout(20_000);
    let sim: RunningSimulator;
    let client: DcsClient;
    const id = randomUUID();

    before(async () => {
        sim = await startSimulator({ port: 0, projectId: DEFAULT_PROJECT_ID });
        client = new DcsClient({ endpoint: sim.url, projectId: sim.projectId, credentials: sim.credentials, env: {} });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const requestsSeen = () => Object.values(sim.counters().requests).reduce((a, b) => a + b, 0);

    const hostile = [
        `/instances/${id}/%2e%2e/%2e%2e/%2e%2e/v1/users`,
        `/instances/%2E%2E/%2E%2E/x`,
        `/instances/%2E./x`,
        `/instances/.%2e/x`,
        `/instances/a..b/ssl`,
        `/instances/../../x`,
        `/instances/a%2f..%2fb`,
        `/instances/a%2F%2E%2E`,
        `/instances/a%5c..%5cb`,
        `/instances/a\\..\\b`,
        `/v2/{project_id}/instances/%2e%2e/%2e%2e/x`,
        `/v2/${DEFAULT_PROJECT_ID}/instances/%2e%2e/x`,
        `/v2/ffff0000ffff0000ffff0000ffff0000/instances/${id}/ssl`,
        `/instances/{instance_id}/ssl`,
    ];
    for (const path of hostile) {
        it(`${path} → DcsConfigError naming path, zero requests`, async () => {
            const error = await client.triggerJob({ method: "PUT", path, body: { enabled: true } }).catch((e) => e);
            expect(error).to.be.instanceOf(DcsConfigError);
            expect((error as DcsConfigError).field).to.equal("path");
            expect(requestsSeen(), JSON.stringify(sim.counters().requests)).to.equal(0);
            expect(sim.counters().responses).to.deep.equal({});
        });
    }

    it("still sends an accepted path, with {instance_id} filled in (the counters do count)", async () => {
        const result = await client.triggerJob({
            method: "PUT",
            path: "/v2/{project_id}/instances/{instance_id}/ssl",
            instanceId: id,
            body: { enabled: true },
        });
        expect(result.jobId).to.be.a("string");
        expect(sim.counters().requests.ssl).to.equal(1);
        expect(sim.counters().effects.sslChanges).to.equal(1);
    });
});
