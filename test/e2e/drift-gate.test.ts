/**
 * End to end, issue 20: after any successful `pulumi up`, `pulumi preview --expect-no-changes`
 * passes (a CI drift gate), through the real Pulumi CLI, the installed tarball and the DCS
 * simulator; and internal bookkeeping never shows as a change.
 *
 * An output absent from state is unknown at preview, and anything fed from it into another
 * resource previews as a change. The cases where that bit before: an intent with no master (OTC has
 * no node roles; on Huawei Cloud, an instance whose gateway hides them), an intent with no history
 * (a first swap), a finished RollingSwap's result after a FAIL and a resume, a client-IP change
 * DCS needed no job for. Two simulators, one per cloud profile (the profile is API-wide), several
 * resources per stack.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { RunningSimulator, startSimulator } from "../../simulator";
import { CliResult, PulumiCli, diagnostics, resource, timed } from "./cli";
import { ProgramSpec, initStack } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";
import { useCliSuite } from "./suite";

/** The inputs the resource classes set: never to be shown as a change. */
const INTERNAL = ["baselineMaster", "baselineTaskIds", "intentId", "owner", "stateVersion", "previousDurationMs", "fleet"];
/** An intent's own outputs, which its owner takes (hidden there) as inputs. */
const INTENT_OUTPUTS = ["baselineMaster", "baselineTaskIds", "intentId", "previousDurationMs"];
const SCENARIO = { jobInitMs: 300, jobDurationMs: 1500 };
const SSL = { method: "PUT" as const, path: "/v2/{project_id}/instances/{instance_id}/ssl", body: { enabled: true } };

describe("e2e: the preview is a drift gate (`--expect-no-changes` after any successful up)", function () {
    this.timeout(240_000);
    const suite = useCliSuite("drift", { defaultScenario: SCENARIO });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    let otc: RunningSimulator;
    const started = Date.now();

    before(async () => {
        ({ sim, cli } = suite);
        // OTC: no async swap, no node roles, tasks without job ids. Its sync swap is listed as a task,
        // so each swap is confirmed by its task rather than after 30 s of readiness alone.
        otc = await startSimulator({ port: 0, cloud: "otc", syncSwapListsTask: true, defaultScenario: SCENARIO });
    });
    after(async () => {
        await otc?.stop();
        console.log(`      drift-gate: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
    });

    /** `pulumi preview --expect-no-changes` (fails the test if the CLI exits non-zero), asserting it sent no write call. */
    async function gate(stack: string, on: RunningSimulator, label: string): Promise<CliResult> {
        const before = on.counters();
        const preview = timed(label, await cli.run(["preview", "--non-interactive", "--color", "never", "-s", stack, "--expect-no-changes"], "any"));
        expect(preview.code, `${label}: --expect-no-changes failed; its output:\n${preview.output.slice(-6000)}`).to.equal(0);
        expect(writeCalls(requestDelta(before, on.counters())), `${label}: write calls during the preview`).to.deep.equal(NO_WRITES);
        noPropertyChanges(preview, label);
        return preview;
    }

    /** An unchanged stack's preview lists no property change, no unknown, and no stack output change. */
    function noPropertyChanges(preview: CliResult, label: string): void {
        expect(preview.output, `${label}: a resource diff`).not.to.match(/\[diff: /);
        expect(preview.output, `${label}: an unknown value`).not.to.include("[unknown]");
        expect(preview.output, `${label}: a change summary`).not.to.match(/to (create|update|replace|delete)/);
        expect(preview.output, `${label}: stack outputs changing`).not.to.match(/^\s*[~+-] \w+\s*:/m);
    }

    it("Huawei Cloud: a first swap, one with no node roles, client IP with and without a job, a DcsJob, and a RollingSwap after a FAIL and a resume", async function () {
        this.timeout(300_000);
        const first = suite.instance();
        const roleless = suite.instance();
        // Its gateway publishes no node-roles API: the intent records no master (as on OTC).
        sim.addFaults([
            {
                operation: "showNodes",
                kind: "canned",
                instanceId: roleless,
                count: 1000,
                status: 404,
                body: JSON.stringify({ error_code: "APIG.0101", error_msg: "The API does not exist or has not been published in the environment" }),
            },
        ]);
        const ipOn = suite.instance({ transparentClientIpEnable: true }); // already enabled: no job, no jobId
        const ipOff = suite.instance({ transparentClientIpEnable: true });
        const sslOn = suite.instance();
        const fleet = [suite.instance(), suite.instance(), suite.instance()];
        const reason = "the standby is not in sync with the master; switchover aborted";
        sim.setInstance(fleet[1], { failReason: reason });
        const spec: ProgramSpec = {
            swaps: [
                { name: "first", instanceId: first, triggers: "t1" },
                { name: "roleless", instanceId: roleless },
            ],
            clientIps: [
                { name: "ip-on", instanceId: ipOn, enabled: true },
                { name: "ip-off", instanceId: ipOff, enabled: false },
            ],
            dcsJobs: [{ name: "ssl", instanceId: sslOn, ...SSL }],
            rollingSwaps: [{ name: "roll", instanceIds: fleet }],
        };
        await initStack(cli, sim, "hw", spec);

        const failed = timed("up #1 (the rolling swap's 2nd FAILs)", await cli.up("hw", "fail"));
        expect(failed.output, diagnostics(failed)).to.include(reason);
        let { deployment } = await cli.exportStack("hw");
        expect(resource(deployment, "roleless-intent")?.outputs, "the intent of the swap without node roles").to.include({
            baselineMaster: null,
            previousDurationMs: null,
        });
        expect(resource(deployment, "first-intent")?.outputs?.previousDurationMs, "a first swap has no history").to.equal(null);
        expect(resource(deployment, "ip-on")?.outputs, "no job needed").to.include({ noChange: true, jobId: null });

        sim.setInstance(fleet[1], { failReason: null });
        timed("up #2 (resume)", await cli.up("hw"));
        ({ deployment } = await cli.exportStack("hw"));
        expect(resource(deployment, "roll-result")?.outputs).to.deep.include({ swapped: fleet, failed: [], notStarted: [] });
        for (const r of deployment.resources ?? []) {
            if (!r.type.startsWith("pulumi-nodejs:dynamic/dcs:")) continue;
            // An intent's id and baseline are its own outputs (what its owner takes of them is hidden there);
            // a result's `fleet` is the rolling swap's name, an input of its own.
            const own = r.type.endsWith(":OperationIntent") ? INTENT_OUTPUTS : r.type.endsWith(":RollingSwapResult") ? ["fleet"] : [];
            const hidden = INTERNAL.filter((key) => !own.includes(key));
            for (const key of hidden) expect(r.outputs ?? {}, `${r.urn}: ${key} in state under its plain name`).not.to.have.property(key);
        }

        await gate("hw", sim, "preview after the resume");

        // A new ticket: the swap is replaced (swapped again); the preview names `triggers`, and no bookkeeping.
        await cli.setConfig("hw", { swaps: JSON.stringify([{ ...spec.swaps![0], triggers: "t2" }, spec.swaps![1]]) });
        const retrigger = timed("preview of a triggers change", await cli.preview("hw"));
        const swapLine = retrigger.output.split("\n").find((line) => /MasterStandbySwap first replace /.test(line));
        expect(swapLine, `the swap's replace line in:\n${retrigger.output}`)
            .to.be.a("string")
            .and.match(/\[diff: ~triggers\]$/);
        for (const key of INTERNAL) expect(retrigger.output, `preview output mentions ${key}`).not.to.include(key);
        expect(retrigger.output).to.match(/\+-2 to replace/);

        // The second swap of the instance has history now (previousDurationMs): the gate holds again.
        timed("up #3 (swap again)", await cli.up("hw"));
        ({ deployment } = await cli.exportStack("hw"));
        expect(resource(deployment, "first-intent")?.outputs?.previousDurationMs, "the second swap's history").to.be.a("number");
        expect(sim.instance(first)?.swapCount, "swaps that took effect on the re-triggered instance").to.equal(2);
        await gate("hw", sim, "preview after the second swap");
    });

    it("Open Telekom Cloud (no node roles, sync swap only): a first swap, a DcsJob and a RollingSwap", async function () {
        this.timeout(240_000);
        const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        for (const id of ids) otc.setInstance(id, {});
        const [swapId, sslId, ...fleet] = ids;
        await initStack(cli, otc, "otc", {
            swaps: [{ name: "otc-swap", instanceId: swapId }],
            dcsJobs: [{ name: "otc-ssl", instanceId: sslId, ...SSL }],
            rollingSwaps: [{ name: "otc-roll", instanceIds: fleet, maxParallel: 2 }],
        });
        timed("up (OTC)", await cli.up("otc"));
        const { deployment } = await cli.exportStack("otc");
        expect(resource(deployment, "otc-swap")?.outputs, "the swap on OTC").to.include({ status: "SUCCESS", apiUsed: "sync", masterNode: null });
        expect(resource(deployment, "otc-swap-intent")?.outputs).to.include({ baselineMaster: null, previousDurationMs: null });
        expect(
            [swapId, ...fleet].map((id) => otc.instance(id)?.swapCount),
            "swaps that took effect",
        ).to.deep.equal([1, 1, 1]);
        await gate("otc", otc, "preview on OTC");
    });
});
