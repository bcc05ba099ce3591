/**
 * Contract tests of the INSTALLED package inside Pulumi's real Node dynamic-provider host, driven
 * over gRPC the way the engine drives it (https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts), against the
 * HTTP DCS simulator. No Pulumi CLI needed.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { lstatSync, realpathSync } from "fs";
import { join, sep } from "path";
import { Counters, InstanceScenario, RunningSimulator, startSimulator } from "../../simulator";
import { PackedProject, preparePackedProject, projectRequire, repoPulumiVersion } from "../support/packed-project";
import { ResourceKind, SerializedProviders, serializedProviders } from "../support/serialized-providers";
import { Props, ProviderHost, RpcError, expectRpcError } from "./host";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Polls every ~0.2-0.3 s so jobs of 1-2 s finish the tests quickly. */
const FAST_POLL = { firstDelayMs: 200, minDelayMs: 200, maxDelayMs: 300 };

describe("dynamic-provider host: installed tarball over gRPC", function () {
    this.timeout(30_000);

    let project: PackedProject;
    let providers: SerializedProviders;
    let sim: RunningSimulator;
    let host: ProviderHost;
    let configured: { acceptSecrets: boolean; supportsPreview: boolean };

    before(async function () {
        this.timeout(180_000);
        project = await preparePackedProject();
        providers = await serializedProviders(project.dir);
        sim = await startSimulator({ port: 0 });
        host = await ProviderHost.start(project.dir);
        configured = await host.configure({
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
            // Unused while AK/SK are set; here so the leak check below has a token to look for.
            "dcs:token": sim.token,
        });
    });

    after(async function () {
        this.timeout(10_000);
        await host?.stop();
        await sim?.stop();
    });

    // ---- helpers ------------------------------------------------------------------------------

    const urn = (kind: ResourceKind, name: string) => `urn:pulumi:e2e::dcsjobs::pulumi-nodejs:dynamic/dcs:${kind}::${name}`;
    const provider = (kind: ResourceKind) => providers[kind].provider;
    /** A fresh simulator instance with the given behaviour, so per-instance counters isolate tests. */
    function instance(scenario: Partial<InstanceScenario> = {}): string {
        const id = randomUUID();
        sim.setInstance(id, scenario);
        return id;
    }
    function swapInputs(instanceId: string, name: string, extra: Props = {}): Props {
        return { instanceId, owner: `dcsjobs/e2e/${name}`, pollPolicy: FAST_POLL, ...extra, __provider: provider("MasterStandbySwap") };
    }
    function cipInputs(instanceId: string, name: string, extra: Props = {}): Props {
        return { instanceId, owner: `dcsjobs/e2e/${name}`, pollPolicy: FAST_POLL, ...extra, __provider: provider("ClientIpPassthrough") };
    }
    const totalRequests = (c: Counters) => Object.values(c.requests).reduce((a, b) => a + b, 0);
    const effects = (id: string) => sim.counters().perInstance[id] ?? { swaps: 0, clientIpChanges: 0, sslChanges: 0 };

    // ---- configure -----------------------------------------------------------------------------

    it("Configure with dcs:* stack config is accepted; GetPluginInfo answers with the SDK version", async () => {
        expect(configured.acceptSecrets, "the dynamic host never accepts secrets").to.equal(false);
        expect(await host.getPluginInfo()).to.equal(repoPulumiVersion());
    });

    // ---- check ---------------------------------------------------------------------------------

    describe("Check", () => {
        it("accepts valid inputs of every kind and echoes __provider", async () => {
            const id = instance();
            const cases: [ResourceKind, Props][] = [
                ["MasterStandbySwap", swapInputs(id, "chk-swap", { triggers: { n: 1 }, timeout: "10m" })],
                ["ClientIpPassthrough", cipInputs(id, "chk-cip", { enabled: true, restoreOnDelete: false })],
                [
                    "DcsJob",
                    {
                        method: "PUT",
                        path: `/v2/{project_id}/instances/${id}/ssl`,
                        body: { enabled: true },
                        owner: "dcsjobs/e2e/chk-job",
                        __provider: provider("DcsJob"),
                    },
                ],
            ];
            for (const [kind, news] of cases) {
                const result = await host.check(urn(kind, "chk"), {}, news);
                expect(result.failures, kind).to.deep.equal([]);
                expect(result.inputs.__provider, kind).to.equal(provider(kind));
            }
        });

        it("lets the preview sentinel through in any field, with zero API requests", async () => {
            const before = totalRequests(sim.counters());
            const swap = await host.check(urn("MasterStandbySwap", "chk-unknown"), {}, swapInputs(UNKNOWN, "chk-unknown"));
            expect(swap.failures).to.deep.equal([]);
            // The sentinel is a string even where a boolean is expected (pulumi/pulumi#6310).
            const cip = await host.check(
                urn("ClientIpPassthrough", "chk-unknown"),
                {},
                cipInputs(UNKNOWN, "chk-unknown", { enabled: UNKNOWN, timeout: UNKNOWN }),
            );
            expect(cip.failures).to.deep.equal([]);
            expect(totalRequests(sim.counters())).to.equal(before);
        });

        it("names every bad property, with zero API requests", async () => {
            const before = totalRequests(sim.counters());
            const result = await host.check(urn("ClientIpPassthrough", "chk-bad"), {}, cipInputs("not-a-uuid", "chk-bad", { timeout: "soon", enabled: "yes" }));
            const byProperty = Object.fromEntries(result.failures.map((f) => [f.property, f.reason]));
            expect(Object.keys(byProperty)).to.have.members(["instanceId", "timeout", "enabled"]);
            expect(byProperty.timeout).to.include('"soon"');
            expect(byProperty.enabled).to.include("boolean");
            expect(totalRequests(sim.counters())).to.equal(before);
        });
    });

    // ---- diff ----------------------------------------------------------------------------------

    describe("Diff", () => {
        const id = "11111111-2222-4333-8444-555555555555";
        const oldInputs = () => swapInputs(id, "diff", { triggers: { n: 1 }, timeout: "30m" });
        const olds = () => ({ ...oldInputs(), status: "SUCCESS", jobId: "0123456789abcdef0123456789abcdef", jobType: "masterStandbySwapJob" });

        it("same inputs → DIFF_NONE", async () => {
            const d = await host.diff(urn("MasterStandbySwap", "diff"), "job-1", olds(), oldInputs());
            expect(d.changes).to.equal("DIFF_NONE");
            expect(d.replaces).to.deep.equal([]);
        });

        it("changed triggers → DIFF_SOME replacing on triggers", async () => {
            const d = await host.diff(urn("MasterStandbySwap", "diff"), "job-1", olds(), { ...oldInputs(), triggers: { n: 2 } });
            expect(d.changes).to.equal("DIFF_SOME");
            expect(d.replaces).to.include("triggers");
        });

        it("changed timeout → DIFF_SOME, update in place", async () => {
            const d = await host.diff(urn("MasterStandbySwap", "diff"), "job-1", olds(), { ...oldInputs(), timeout: "45m" });
            expect(d.changes).to.equal("DIFF_SOME");
            expect(d.replaces).to.deep.equal([]);
        });

        it("a new __provider text alone (package upgrade) → DIFF_NONE, no API request", async () => {
            const before = totalRequests(sim.counters());
            const upgraded = `${provider("MasterStandbySwap")}\n// a later release of pulumi-dcs-jobs\n`;
            const d = await host.diff(urn("MasterStandbySwap", "diff"), "job-1", olds(), { ...oldInputs(), __provider: upgraded });
            expect(d.changes).to.equal("DIFF_NONE");
            expect(d.replaces).to.deep.equal([]);
            expect(totalRequests(sim.counters())).to.equal(before);
        });
    });

    // ---- MasterStandbySwap lifecycle ------------------------------------------------------------

    describe("MasterStandbySwap", () => {
        let created: { id: string; properties: Props } | undefined;
        let createdInstance: string;

        it("Create swaps once, waits for the job and reports it", async () => {
            createdInstance = instance({ jobDurationMs: 1500 });
            const before = sim.counters();
            created = await host.create(urn("MasterStandbySwap", "swap"), swapInputs(createdInstance, "swap"));
            const outs = created.properties;
            expect(outs.status).to.equal("SUCCESS");
            expect(outs.jobId)
                .to.be.a("string")
                .and.match(/^[0-9a-f]{32}$/);
            expect(created.id, "id = job id").to.equal(outs.jobId);
            expect(outs.jobType).to.equal("masterStandbySwapJob");
            expect(outs.apiUsed).to.equal("async");
            expect(outs.durationMs).to.be.a("number").and.be.closeTo(1500, 50);
            expect(outs.instanceId).to.equal(createdInstance);
            expect(outs.__provider).to.equal(provider("MasterStandbySwap"));
            const after = sim.counters();
            expect(effects(createdInstance).swaps, "exactly one swap effect").to.equal(1);
            expect((after.requests.asyncSwap ?? 0) - (before.requests.asyncSwap ?? 0)).to.equal(1);
            expect((after.requests.syncSwap ?? 0) - (before.requests.syncSwap ?? 0)).to.equal(0);
            expect(sim.instance(createdInstance)?.swapCount).to.equal(1);
            const line = await host.waitForLine(String(outs.jobId));
            expect(line, `a progress line naming job ${outs.jobId}; got:\n${host.lines.join("\n")}`).to.be.a("string");
        });

        it("Read (refresh) re-reads the recorded job", async () => {
            expect(created, "needs the create above").to.not.equal(undefined);
            const stale: Props = { ...created!.properties, status: "RUNNING" };
            delete stale.endTime;
            const read = await host.read(urn("MasterStandbySwap", "swap"), created!.id, stale);
            expect(read.id).to.equal(created!.id);
            expect(read.properties.status).to.equal("SUCCESS");
            expect(read.properties.jobId).to.equal(created!.properties.jobId);
            expect(read.properties.endTime).to.be.a("number");
            expect(read.properties.__provider).to.equal(provider("MasterStandbySwap"));
        });

        it("Delete makes no API request (a swap is not reverted)", async () => {
            expect(created, "needs the create above").to.not.equal(undefined);
            const before = sim.counters().requests;
            await host.delete(urn("MasterStandbySwap", "swap"), created!.id, created!.properties);
            expect(sim.counters().requests).to.deep.equal(before);
            expect(effects(createdInstance).swaps).to.equal(1);
        });

        let failed: RpcError["initFailed"];
        let failedInstance: string;

        it("Create of a FAIL job → error with DCS's fail_reason and the job kept as partial state", async () => {
            failedInstance = instance({ jobDurationMs: 1000, failReason: "replica link down" });
            const error = await expectRpcError(host.create(urn("MasterStandbySwap", "swap-fail"), swapInputs(failedInstance, "swap-fail")));
            expect(error.details).to.include("replica link down");
            expect(error.initFailed, "grpc-status-details-bin carries ErrorResourceInitFailed").to.not.equal(undefined);
            failed = error.initFailed!;
            const job = sim.jobs().find((j) => j.instanceId === failedInstance);
            expect(job?.jobId).to.be.a("string");
            expect(failed.id, "id = job id").to.equal(job!.jobId);
            expect(failed.properties.jobId).to.equal(job!.jobId);
            expect(failed.properties.status).to.equal("FAIL");
            expect(failed.properties.failReason).to.equal("replica link down");
            expect(failed.reasons.join("\n")).to.include("replica link down");
            expect(effects(failedInstance).swaps).to.equal(1);
        });

        it("Update after a recorded FAIL swaps again (new job, 2 effects)", async function () {
            // A later run first reads the task list for the whole identify grace (30 s): an earlier
            // re-send of this swap, killed before it reached state, must be found, not repeated.
            this.timeout(90_000);
            expect(failed, "needs the failed create above").to.not.equal(undefined);
            sim.setInstance(failedInstance, { failReason: null });
            const updated = await host.update(urn("MasterStandbySwap", "swap-fail"), failed!.id, failed!.properties, swapInputs(failedInstance, "swap-fail"));
            expect(updated.properties.status).to.equal("SUCCESS");
            expect(updated.properties.jobId).to.be.a("string").and.not.equal(failed!.properties.jobId);
            expect(effects(failedInstance).swaps).to.equal(2);
            expect(sim.instance(failedInstance)?.swapCount, "only the second job took effect").to.equal(1);
        });

        let partial: NonNullable<RpcError["initFailed"]> | undefined;
        let partialInputs: Props;

        it("Create that times out keeps the RUNNING job; Update with a longer timeout RESUMES it (one swap in total)", async function () {
            const id = instance({ jobDurationMs: 8000 });
            const inputs = swapInputs(id, "swap-timeout", { timeout: "2s" });
            const started = Date.now();
            const error = await expectRpcError(host.create(urn("MasterStandbySwap", "swap-timeout"), inputs));
            expect(Date.now() - started, "create honours the 2s timeout").to.be.below(6000);
            expect(error.initFailed, `expected ErrorResourceInitFailed, got: ${error.details}`).to.not.equal(undefined);
            partial = error.initFailed!;
            partialInputs = inputs;
            expect(partial.properties.status).to.equal("RUNNING");
            // What the engine does next (`hasInitErrors`): diff the same inputs, then update.
            const diff = await host.diff(urn("MasterStandbySwap", "swap-timeout"), partial.id, partial.properties, inputs);
            expect(diff.changes, "an unfinished job forces an update").to.equal("DIFF_SOME");
            expect(diff.replaces, "…in place, not a replace (which would swap again)").to.deep.equal([]);
            expect(partial.properties.jobId).to.be.a("string");
            expect(partial.id).to.equal(partial.properties.jobId);
            expect(effects(id).swaps).to.equal(1);

            const resumed = await host.update(urn("MasterStandbySwap", "swap-timeout"), partial.id, partial.properties, { ...inputs, timeout: "30s" });
            expect(resumed.properties.status).to.equal("SUCCESS");
            expect(resumed.properties.jobId, "the same job, not a new swap").to.equal(partial!.properties.jobId);
            expect(resumed.properties.timeout).to.equal("30s");
            expect(effects(id).swaps, "exactly one swap effect in total").to.equal(1);
            expect(sim.instance(id)?.swapCount).to.equal(1);
            expect(await host.waitForLine(`resuming job ${partial!.properties.jobId}`), "a progress line about resuming").to.be.a("string");
        });

        it("a partially created swap, stored as the engine stores it, can be refreshed and destroyed", async () => {
            expect(partial, "needs the timed-out create above").to.not.equal(undefined);
            // The engine keeps ErrorResourceInitFailed.properties as the resource's outputs, and Read
            // and Delete load the provider from the `__provider` of those outputs
            // (https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/provider_plugin.go,
            // https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts).
            const problems: string[] = [];
            if (partial!.properties.__provider !== partialInputs.__provider) problems.push("ErrorResourceInitFailed.properties carries no __provider");
            try {
                const read = await host.read(urn("MasterStandbySwap", "swap-timeout"), partial!.id, partial!.properties);
                if (read.properties.status !== "SUCCESS") problems.push(`Read: status ${String(read.properties.status)}, expected SUCCESS`);
            } catch (error) {
                problems.push(`Read failed: ${(error as RpcError).details}`);
            }
            try {
                await host.delete(urn("MasterStandbySwap", "swap-timeout"), partial!.id, partial!.properties);
            } catch (error) {
                problems.push(`Delete failed: ${(error as RpcError).details}`);
            }
            expect(problems).to.deep.equal([]);
        });
    });

    // ---- ClientIpPassthrough -----------------------------------------------------------------------

    describe("ClientIpPassthrough", () => {
        it("Create sets the flag through a job; Read reports drift made behind Pulumi's back", async () => {
            const id = instance({ jobDurationMs: 1000, transparentClientIpEnable: true });
            const created = await host.create(urn("ClientIpPassthrough", "cip"), cipInputs(id, "cip", { enabled: false }));
            expect(created.id).to.equal(id);
            const outs = created.properties;
            expect(outs.status).to.equal("SUCCESS");
            expect(outs.jobId).to.be.a("string");
            expect(outs.jobType).to.equal("modifyClientIpTransJob");
            expect(outs.enabled).to.equal(false);
            expect(outs.previousEnabled).to.equal(true);
            expect(outs.noChange).to.equal(false);
            expect(sim.instance(id)?.transparentClientIpEnable).to.equal(false);
            expect(effects(id).clientIpChanges).to.equal(1);

            sim.setInstance(id, { transparentClientIpEnable: true });
            const read = await host.read(urn("ClientIpPassthrough", "cip"), created.id, outs);
            expect(read.properties.enabled, "refresh shows the live flag").to.equal(true);
            expect(read.properties.jobId).to.equal(outs.jobId);
            expect(effects(id).clientIpChanges, "refresh changes nothing").to.equal(1);
        });

        it("Delete with restoreOnDelete puts back the value found at create", async () => {
            const id = instance({ jobDurationMs: 1000, transparentClientIpEnable: true });
            const created = await host.create(
                urn("ClientIpPassthrough", "cip-restore"),
                cipInputs(id, "cip-restore", { enabled: false, restoreOnDelete: true }),
            );
            expect(created.properties.status).to.equal("SUCCESS");
            expect(sim.instance(id)?.transparentClientIpEnable).to.equal(false);
            expect(effects(id).clientIpChanges).to.equal(1);

            await host.delete(urn("ClientIpPassthrough", "cip-restore"), created.id, created.properties);
            expect(effects(id).clientIpChanges, "one more clientIp change").to.equal(2);
            expect(sim.instance(id)?.transparentClientIpEnable, "restored").to.equal(true);
        });
    });

    // ---- DcsJob ------------------------------------------------------------------------------------

    describe("DcsJob", () => {
        it("Create fills {project_id}, runs the call once and waits for its job", async () => {
            const id = instance({ jobDurationMs: 1000, enableSsl: false });
            const created = await host.create(urn("DcsJob", "ssl"), {
                method: "PUT",
                path: `/v2/{project_id}/instances/${id}/ssl`,
                body: { enabled: true },
                instanceId: id,
                owner: "dcsjobs/e2e/ssl",
                pollPolicy: FAST_POLL,
                __provider: provider("DcsJob"),
            });
            expect(created.properties.status).to.equal("SUCCESS");
            expect(created.id).to.equal(created.properties.jobId);
            expect(effects(id).sslChanges).to.equal(1);
            expect(sim.instance(id)?.enableSsl).to.equal(true);
        });
    });

    // ---- what goes into state (last: the leak check looks at everything the calls above returned) --

    describe("what goes into state", () => {
        it("the serialized __provider of each kind is a small shim over the installed runtime", () => {
            const installed = join(project.dir, "node_modules", "pulumi-dcs-jobs");
            expect(lstatSync(installed).isSymbolicLink(), "installed from the tarball, not linked").to.equal(false);
            const resolved = realpathSync(projectRequire(project.dir).resolve("pulumi-dcs-jobs"));
            expect(resolved.startsWith(realpathSync(installed) + sep), resolved).to.equal(true);

            for (const kind of ["MasterStandbySwap", "ClientIpPassthrough", "DcsJob"] as ResourceKind[]) {
                const { type, provider: text } = providers[kind];
                expect(type).to.equal(`pulumi-nodejs:dynamic/dcs:${kind}`);
                expect(Buffer.byteLength(text), `${kind} __provider size`).to.be.below(4096);
                expect(text).to.include('require("pulumi-dcs-jobs/runtime")');
                for (const banned of ["node-fetch", "createHmac", sim.credentials.secretKey]) {
                    expect(text, `${kind} __provider must not contain ${banned}`).to.not.include(banned);
                }
            }
        });

        it("no Struct returned by any call, nor any plugin output line, contains the secret key or the token", () => {
            expect(host.returnedStructs.length, "the calls above returned outputs").to.be.greaterThan(10);
            const everything = JSON.stringify(host.returnedStructs) + "\n" + host.lines.join("\n");
            expect(everything).to.not.include(sim.credentials.secretKey);
            expect(everything).to.not.include(sim.token);
        });
    });
});
