/**
 * The real-CLI smoke test `npm test` runs (the other e2e suites run in `npm run test:all`): the
 * installed tarball in a Pulumi program against the simulator, through `pulumi preview`, `pulumi
 * up`, the drift gate, and a FAIL that fails the deployment. Each step asserts what DCS accepted.
 */
import { expect } from "chai";
import { RunningSimulator } from "../../simulator";
import { PulumiCli, resource } from "./cli";
import { initStack } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";
import { useCliSuite } from "./suite";

describe("e2e smoke: preview, up, the drift gate and a FAIL through the real Pulumi CLI", function () {
    this.timeout(90_000);
    const suite = useCliSuite("smoke", { defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 } });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    before(() => ({ sim, cli } = suite));

    const swapsOn = (id: string) => sim.counters().perInstance[id]?.swaps ?? 0;

    it("previews with no write call, swaps once on `up`, and then previews with no changes", async () => {
        const id = suite.instance();
        await initStack(cli, sim, "smoke", { swaps: [{ name: "smoke", instanceId: id }] });
        const before = sim.counters();
        const preview = await cli.preview("smoke");
        expect(writeCalls(requestDelta(before, sim.counters())), "write calls during preview").to.deep.equal(NO_WRITES);
        expect(preview.output).to.match(/\+\s+pulumi-nodejs:dynamic\/dcs:MasterStandbySwap smoke create/);

        await cli.up("smoke");
        const { swaps } = await cli.outputs("smoke");
        expect(swaps.smoke.status).to.equal("SUCCESS");
        expect(
            sim
                .jobs()
                .filter((j) => j.instanceId === id)
                .map((j) => j.jobId),
        ).to.deep.equal([swaps.smoke.jobId]);
        expect(swapsOn(id)).to.equal(1);

        const gate = await cli.preview("smoke", ["--expect-no-changes"]);
        expect(gate.code, gate.output).to.equal(0);
        expect(swapsOn(id), "nothing sent by the gate").to.equal(1);
    });

    it("a FAIL job fails `pulumi up` with the fail_reason and the instance id, and state keeps the job", async () => {
        const reason = "replication link between master and standby is down; switchover aborted";
        const id = suite.instance({ failReason: reason });
        await initStack(cli, sim, "smoke-fail", { swaps: [{ name: "doomed", instanceId: id }] });
        const up = await cli.up("smoke-fail", "fail");
        expect(up.code).to.not.equal(0);
        const line = up.output.split("\n").find((l) => l.includes(reason) && l.includes("failed"));
        expect(line, "one error line with the fail_reason").to.be.a("string");
        expect(line).to.include(id);
        expect(swapsOn(id)).to.equal(1);
        const { deployment } = await cli.exportStack("smoke-fail");
        const doomed = resource(deployment, "doomed");
        expect(doomed?.outputs?.status, "partial state: the failed job is recorded").to.equal("FAIL");
    });
});
