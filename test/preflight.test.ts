import { expect } from "chai";
import { randomUUID } from "crypto";
import * as runtime from "../provider/resources/runtime";
import { UNKNOWN } from "../provider/resources/runtime/unknown";
import { RunningSimulator, startSimulator } from "../simulator";
import { InstanceScenario } from "../simulator/types";

/** The preview-time preflight (`runtime.check`) against the simulator: reads only, clear failures. */
describe("runtime.check: preflight against the simulator", function () {
    this.timeout(30_000);
    let sim: RunningSimulator;
    const notes: string[] = [];
    const log = console.log;

    /** Configures the runtime for the simulator, plus `extra` stack config. */
    const configure = (extra: Record<string, string> = {}) =>
        runtime.configure({
            config: {
                get: (key: string) =>
                    (
                        ({
                            "dcs:accessKey": sim.credentials.accessKey,
                            "dcs:secretKey": sim.credentials.secretKey,
                            "dcs:projectId": sim.projectId,
                            "dcs:endpoint": sim.url,
                            ...extra,
                        }) as Record<string, string>
                    )[key],
            },
        });

    before(async () => {
        sim = await startSimulator({ port: 0, autoCreateInstances: false });
        await configure();
        console.log = (...args: unknown[]) => notes.push(args.join(" "));
    });
    after(async () => {
        console.log = log;
        await runtime.configure({ config: { get: () => undefined } });
        await sim.stop();
    });
    beforeEach(() => {
        sim.reset();
        notes.length = 0;
    });

    function instance(scenario: Partial<InstanceScenario> = {}): string {
        const id = randomUUID();
        sim.setInstance(id, scenario);
        return id;
    }
    const writes = () => {
        const r = sim.counters().requests;
        return (r.asyncSwap ?? 0) + (r.syncSwap ?? 0) + (r.clientIp ?? 0) + (r.ssl ?? 0);
    };
    const swapCheck = (instanceId: string, olds = {}) => runtime.check("MasterStandbySwap", olds, { instanceId, owner: "p/s/swap" });
    const cipCheck = (instanceId: string, enabled: boolean) => runtime.check("ClientIpPassthrough", {}, { instanceId, enabled, owner: "p/s/cip" });

    it("a running ha instance passes with one ShowInstance read and no write", async () => {
        expect((await swapCheck(instance())).failures).to.deep.equal([]);
        expect(sim.counters().requests).to.deep.equal({ showInstance: 1 });
    });

    it("fails on instanceId for a non-ha instance, a missing one, and a FROZEN one, naming the instance", async () => {
        const single = instance({ cacheMode: "single" });
        const [nonHa] = (await swapCheck(single)).failures;
        expect(nonHa).to.include({ property: "instanceId" });
        expect(nonHa.reason).to.contain(single).and.contain('"single"').and.contain("DCS.4855");

        const missing = randomUUID();
        const [notFound] = (await swapCheck(missing)).failures;
        expect(notFound.reason).to.contain(`instance ${missing} was not found`).and.contain("DCS.3022");

        const frozen = instance({ status: "FROZEN" });
        expect((await swapCheck(frozen)).failures[0].reason).to.contain("FROZEN");
        expect(writes()).to.equal(0);
    });

    it("client IP: Redis 3.0 fails; a busy instance only warns", async () => {
        const old = instance({ engineVersion: "3.0" });
        expect((await cipCheck(old, true)).failures[0].reason).to.contain("Redis 4.0");
        const busy = instance({ busyForMs: 60_000 });
        expect((await cipCheck(busy, false)).failures).to.deep.equal([]);
        expect(notes.join("\n")).to.contain(`preflight: warning: instance ${busy} is RUNNING with task BACKUPING now`);
        expect(writes()).to.equal(0);
    });

    it("dcs:strictPreview true: a busy instance fails the check on instanceId, naming the finding and the key; refused credentials too; false or unset only warns", async () => {
        const busy = instance({ busyForMs: 60_000 });
        try {
            await configure({ "dcs:strictPreview": "true" });
            const [failure] = (await swapCheck(busy)).failures;
            expect(failure.property).to.equal("instanceId");
            expect(failure.reason).to.contain(`instance ${busy} is RUNNING with task BACKUPING now`).and.contain("dcs:strictPreview is true");
            await configure({ "dcs:strictPreview": "true", "dcs:secretKey": "wrong-secret-key-for-this-test" });
            const [refused] = (await swapCheck(busy)).failures;
            expect(refused.reason).to.match(/DCS refused the credentials on the preflight read \(HTTP 401/);
            expect(refused.reason).to.not.contain("wrong-secret-key-for-this-test");
            await configure({ "dcs:strictPreview": "false" });
            expect((await swapCheck(busy)).failures).to.deep.equal([]);
            await configure({ "dcs:strictPreview": "maybe" });
            expect((await swapCheck(busy)).failures).to.deep.equal([{ property: "dcs:strictPreview", reason: 'must be true or false, got "maybe"' }]);
        } finally {
            await configure();
        }
        expect(writes()).to.equal(0);
    });

    it("an endpoint that does not answer is a warning (a progress line outside the provider host); a failure under dcs:strictPreview", async () => {
        const id = instance();
        const closed = "http://127.0.0.1:9"; // discard port: nothing listens on loopback
        try {
            await configure({ "dcs:endpoint": closed });
            expect((await swapCheck(id)).failures).to.deep.equal([]);
            expect(notes.join("\n")).to.match(/preflight: warning: the DCS endpoint did not answer the preflight read \(ECONNREFUSED\)/);
            await configure({ "dcs:endpoint": closed, "dcs:strictPreview": "true" });
            const [failure] = (await swapCheck(id)).failures;
            expect(failure.reason).to.contain("the DCS endpoint did not answer").and.contain("dcs:strictPreview is true");
        } finally {
            await configure();
        }
    });

    it("client IP: a changed triggers sets the flag again, so it is checked; an unchanged resource is not", async () => {
        const old = instance({ engineVersion: "3.0" });
        const olds = { instanceId: old, enabled: true, triggers: 1 };
        expect((await runtime.check("ClientIpPassthrough", olds, { ...olds })).failures).to.deep.equal([]);
        expect(sim.counters().requests).to.deep.equal({});
        const changed = await runtime.check("ClientIpPassthrough", olds, { ...olds, triggers: 2 });
        expect(changed.failures[0].reason).to.contain("Redis 4.0");
    });

    it("is skipped, with a note, for an unknown id, for an unchanged resource, and with preflight: false", async () => {
        expect((await swapCheck(UNKNOWN)).failures).to.deep.equal([]);
        expect(notes.join("\n")).to.contain("preflight: skipped, the instance id is not known");
        const id = instance({ cacheMode: "single" });
        expect((await swapCheck(id, { instanceId: id, owner: "p/s/swap" })).failures, "unchanged: nothing runs").to.deep.equal([]);
        expect((await runtime.check("MasterStandbySwap", {}, { instanceId: id, preflight: false })).failures).to.deep.equal([]);
        expect(sim.counters().requests).to.deep.equal({});
    });

    it("a read that fails (throttled, server error) is a note, never a failure", async () => {
        const id = instance();
        sim.addFaults({ operation: "showInstance", kind: "500", count: 50 });
        expect((await swapCheck(id)).failures).to.deep.equal([]);
        expect(notes.join("\n")).to.contain(`preflight: could not read instance ${id}`);
    });
});
