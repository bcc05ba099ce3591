import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DcsConfigError } from "../provider";
import * as runtime from "../provider/resources/runtime";
import { DcsJobInputs, dcsJob } from "../provider/resources/runtime/kinds/dcs-job";
import { UNKNOWN } from "../provider/resources/runtime/unknown";
import { RunningSimulator, startSimulator } from "../simulator";

/**
 * The config-aware half of a DcsJob's path check (a literal project id against the configured one,
 * `{instance_id}` against `instanceId`), and `create` agreeing with it: what check refuses is never
 * sent, what it accepts is sent with only the placeholders filled in.
 */
/** The DcsJob kind's own check (the part of `check` that needs the configuration). */
const checkAgainstConfig = (inputs: Partial<DcsJobInputs>) => dcsJob.checkInputs!(inputs as DcsJobInputs);

describe("DcsJob path: checkAgainstConfig and create agree", function () {
    this.timeout(30_000);
    const FOREIGN = "ffff0000ffff0000ffff0000ffff0000";
    const KEY_ENV = /^(OS_|HW_)|^DCS_ENDPOINT$/;
    const savedEnv: Record<string, string> = {};
    let sim: RunningSimulator;
    let journal: string;
    let config: Record<string, string>;
    const configure = (values: Record<string, string>) => runtime.configure({ config: { get: (key) => values[key] } });
    const requestsSeen = () => Object.values(sim.counters().requests).reduce((a, b) => a + b, 0);

    before(async () => {
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 50, jobDurationMs: 200 } });
        journal = mkdtempSync(join(tmpdir(), "dcs-journal-"));
        process.env.DCS_JOBS_JOURNAL_DIR = journal;
        // A developer's OS_PROJECT_ID must not stand in for a missing dcs:projectId.
        for (const [name, value] of Object.entries(process.env)) {
            if (KEY_ENV.test(name) && value !== undefined) {
                savedEnv[name] = value;
                delete process.env[name];
            }
        }
        config = {
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
        };
    });
    beforeEach(async () => {
        sim.reset();
        await configure(config);
    });
    after(async () => {
        Object.assign(process.env, savedEnv);
        delete process.env.DCS_JOBS_JOURNAL_DIR;
        rmSync(journal, { recursive: true, force: true });
        await configure(config);
        await sim.stop();
    });

    const job = (path: string, extra: Record<string, unknown> = {}) => ({ method: "PUT" as const, path, body: { enabled: true }, owner: "p/s/job", ...extra });

    it("accepts {project_id} and the configured literal project id", () => {
        expect(checkAgainstConfig(job("/v2/{project_id}/instances/x/ssl"))).to.deep.equal([]);
        expect(checkAgainstConfig(job(`/v2/${sim.projectId}/instances/x/ssl`))).to.deep.equal([]);
    });

    it("refuses another literal project id, naming both", () => {
        expect(checkAgainstConfig(job(`/v2/${FOREIGN}/instances/x/ssl`))).to.deep.equal([
            {
                property: "path",
                reason: `names project ${FOREIGN}, but the configured project id is ${sim.projectId}; write {project_id} or the configured id`,
            },
        ]);
    });

    it("compares with the projectId input when there is one, and not at all while it is unknown", () => {
        expect(checkAgainstConfig(job(`/v2/${FOREIGN}/instances/x/ssl`, { projectId: FOREIGN }))).to.deep.equal([]);
        expect(checkAgainstConfig(job(`/v2/${sim.projectId}/instances/x/ssl`, { projectId: FOREIGN }))).to.have.length(1);
        expect(checkAgainstConfig(job(`/v2/${FOREIGN}/instances/x/ssl`, { projectId: UNKNOWN }))).to.deep.equal([]);
    });

    it("does not compare when the project id cannot be resolved (config missing)", async () => {
        await configure({});
        expect(checkAgainstConfig(job(`/v2/${FOREIGN}/instances/x/ssl`))).to.deep.equal([]);
        // The pairing needs no config.
        expect(checkAgainstConfig(job("/v2/{project_id}/instances/{instance_id}/ssl"))).to.have.length(1);
    });

    it("needs instanceId for {instance_id}; an instanceId not known yet (preview) will fill it", () => {
        const [failure] = checkAgainstConfig(job("/v2/{project_id}/instances/{instance_id}/ssl"));
        expect(failure.property).to.equal("path");
        expect(failure.reason).to.match(/^uses \{instance_id\}, but instanceId is not set/);
        expect(checkAgainstConfig(job("/v2/{project_id}/instances/{instance_id}/ssl", { instanceId: UNKNOWN }))).to.deep.equal([]);
        expect(checkAgainstConfig(job("/v2/{project_id}/instances/{instance_id}/ssl", { instanceId: randomUUID() }))).to.deep.equal([]);
    });

    it("leaves shape problems and unknown paths to validateInputs", () => {
        expect(checkAgainstConfig(job(`/v2/${FOREIGN}/instances/%2e%2e/ssl`))).to.deep.equal([]);
        expect(checkAgainstConfig(job(UNKNOWN))).to.deep.equal([]);
        expect(checkAgainstConfig({ method: "PUT" })).to.deep.equal([]);
    });

    it("create refuses what check refuses with the same sentence, before any request", async () => {
        for (const inputs of [job(`/v2/${FOREIGN}/instances/${randomUUID()}/ssl`), job("/v2/{project_id}/instances/{instance_id}/ssl")]) {
            const [failure] = checkAgainstConfig(inputs);
            const error = await runtime.create("DcsJob", inputs).catch((e) => e);
            expect(error).to.be.instanceOf(DcsConfigError);
            expect(error.message).to.equal(`path: ${failure.reason}`);
        }
        expect(requestsSeen()).to.equal(0);
    });

    it("create sends what check accepts with {instance_id} filled in", async () => {
        const id = randomUUID();
        const inputs = job("/v2/{project_id}/instances/{instance_id}/ssl", {
            instanceId: id,
            pollPolicy: { firstDelayMs: 100, minDelayMs: 100, maxDelayMs: 200 },
        });
        expect(checkAgainstConfig(inputs)).to.deep.equal([]);
        const { outs } = await runtime.create("DcsJob", inputs);
        expect(outs).to.include({ status: "SUCCESS", path: "/v2/{project_id}/instances/{instance_id}/ssl" });
        expect(sim.counters().requests.ssl).to.equal(1);
        expect(sim.counters().perInstance[id]?.sslChanges).to.equal(1);
    });
});
