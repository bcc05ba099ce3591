/**
 * End to end (issue 20): preflight findings that predict a failing `up` are real Pulumi warnings,
 * counted by the CLI and shown under the resource the user declared; `dcs:strictPreview` turns
 * them into a failed preview; a finished `RollingSwap` previews and re-runs with no DCS call at all,
 * and an instance deleted after its swap never fails a preview. Every DCS request is counted from
 * the simulator's own log, never from the provider's report.
 */
import { expect } from "chai";
import { RequestLogEntry, RunningSimulator } from "../../simulator";
import { CliResult, PulumiCli, diagnostics, timed } from "./cli";
import { ProgramSpec, RollingSwapSpec, initStack } from "./program";
import { NO_WRITES, writeCalls } from "./requests";
import { useCliSuite } from "./suite";

const SWAP_TYPE = "pulumi-nodejs:dynamic/dcs:MasterStandbySwap";
const ROLLING_TYPE = "dcs:index:RollingSwap";

interface Diagnostic {
    urn?: string;
    message: string;
    severity: string;
}

describe("e2e: preflight warnings Pulumi counts, dcs:strictPreview, and a finished RollingSwap without calls", function () {
    this.timeout(240_000);

    /** Every request the simulator answered, in order. */
    const log: RequestLogEntry[] = [];
    const suite = useCliSuite("warnings", { defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 }, onRequest: (entry) => log.push(entry) });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    before(() => ({ sim, cli } = suite));

    /** Requests per operation in `log` from `since` on (every request, reads included). */
    const requestsSince = (since: number): Record<string, number> => {
        const out: Record<string, number> = {};
        for (const entry of log.slice(since)) out[entry.operation] = (out[entry.operation] ?? 0) + 1;
        return out;
    };

    /** A stack with no DCS credentials at all (the CLI's environment has no OS_/HW_ variables either). */
    async function stackWithoutCredentials(stack: string, program: ProgramSpec): Promise<void> {
        await cli.stackInit(
            stack,
            {
                "dcs:endpoint": sim.url,
                "dcs:projectId": sim.projectId,
                swaps: JSON.stringify(program.swaps ?? []),
                clientIps: "[]",
                dcsJobs: "[]",
                rollingSwaps: JSON.stringify(program.rollingSwaps ?? []),
            },
            {},
        );
    }

    /** `pulumi preview --json`: exit 0 expected; its diagnostics. */
    async function jsonPreview(stack: string, label: string): Promise<{ result: CliResult; diags: Diagnostic[] }> {
        const result = timed(label, await cli.preview(stack, ["--json"]));
        const parsed = JSON.parse(result.stdout) as { diagnostics?: Diagnostic[] };
        return { result, diags: parsed.diagnostics ?? [] };
    }

    const warningsOn = (diags: Diagnostic[], type: string, name: string) =>
        diags.filter((d) => d.severity === "warning" && d.urn !== undefined && d.urn.endsWith(`::${type}::${name}`));

    /** A preview that must fail (strict mode). */
    const failingPreview = (stack: string) => cli.run(["preview", "--non-interactive", "--color", "never", "-s", stack], "fail");

    it("1. no credentials: preview exits 0 with a counted warning under the swap and no call; with dcs:strictPreview true it fails naming the finding and the key", async () => {
        const id = suite.instance();
        await stackWithoutCredentials("nocreds", { swaps: [{ name: "nocreds", instanceId: id }] });

        let mark = log.length;
        const text = timed("preview (no credentials)", await cli.preview("nocreds"));
        expect(requestsSince(mark), "DCS requests of a preview without credentials").to.deep.equal({});
        // Listed under the declared resource in the Diagnostics section, as a warning.
        expect(diagnostics(text)).to.match(
            new RegExp(`${SWAP_TYPE.replace(/[/]/g, "\\/")} \\(nocreds\\):\\n\\s+warning: preflight: not checked, no usable DCS connection settings`),
        );

        const { diags } = await jsonPreview("nocreds", "preview --json (no credentials)");
        const counted = warningsOn(diags, SWAP_TYPE, "nocreds");
        expect(counted.length, `warnings on the swap in the preview's diagnostics: ${JSON.stringify(diags)}`).to.be.at.least(1);
        expect(counted[0].message).to.contain("dcs:accessKey");

        await cli.setConfig("nocreds", { "dcs:strictPreview": "true" });
        mark = log.length;
        const strict = timed("preview (no credentials, strict)", await failingPreview("nocreds"));
        expect(strict.output).to.contain("no usable DCS connection settings").and.contain("dcs:strictPreview is true");
        expect(writeCalls(requestsSince(mark)), "write calls of a strict preview").to.deep.equal(NO_WRITES);

        // A value that is neither true nor false fails the preview naming the key.
        await cli.setConfig("nocreds", { "dcs:strictPreview": "yes" });
        const bad = await failingPreview("nocreds");
        expect(bad.output).to.contain("dcs:strictPreview").and.contain("must be true or false");
    });

    it("1b. credentials DCS refuses (401): a counted warning, no write; strict fails", async () => {
        const id = suite.instance();
        await initStack(cli, sim, "refused", { swaps: [{ name: "refused", instanceId: id }] });
        await cli.setConfig("refused", {}, { "dcs:secretKey": "not-the-secret-key-of-this-access-key" });
        const mark = log.length;
        const { result, diags } = await jsonPreview("refused", "preview --json (refused credentials)");
        expect(writeCalls(requestsSince(mark)), "write calls").to.deep.equal(NO_WRITES);
        const counted = warningsOn(diags, SWAP_TYPE, "refused");
        expect(counted.map((d) => d.message).join("\n"), JSON.stringify(diags)).to.match(/DCS refused the credentials on the preflight read \(HTTP 401/);
        expect(result.output, "no secret in the output").to.not.contain(sim.credentials.secretKey);
        expect(result.output).to.not.contain("not-the-secret-key-of-this-access-key");

        await cli.setConfig("refused", { "dcs:strictPreview": "true" });
        const strict = await failingPreview("refused");
        expect(strict.output).to.contain("DCS refused the credentials").and.contain("dcs:strictPreview is true");
    });

    it("2. a busy instance: a counted warning under the swap, and under the RollingSwap for one of its instances; no write call", async () => {
        const busy = suite.instance({ busyForMs: 120_000 });
        const idle = suite.instance();
        const fleet: RollingSwapSpec = { name: "fleet", instanceIds: [idle, busy], maxParallel: 2 };
        await initStack(cli, sim, "busy", { swaps: [{ name: "busy", instanceId: busy }], rollingSwaps: [fleet] });
        const mark = log.length;
        const { diags } = await jsonPreview("busy", "preview --json (busy)");
        expect(writeCalls(requestsSince(mark)), "write calls").to.deep.equal(NO_WRITES);
        const onSwap = warningsOn(diags, SWAP_TYPE, "busy");
        expect(onSwap.map((d) => d.message).join("\n"), JSON.stringify(diags)).to.contain(`instance ${busy} is RUNNING with task BACKUPING now`);
        const onFleet = warningsOn(diags, ROLLING_TYPE, "fleet");
        expect(onFleet.map((d) => d.message).join("\n"), JSON.stringify(diags)).to.contain(`instance ${busy} is RUNNING with task BACKUPING now`);
        expect(diags.filter((d) => d.severity === "warning").length, "warnings counted").to.be.at.least(2);
    });

    it("3. a finished RollingSwap: preview and a no-op up make no DCS call; an instance deleted since its swap does not fail the preview; a new instance is read alone", async () => {
        const ids = [suite.instance(), suite.instance(), suite.instance()];
        const fleet: RollingSwapSpec = { name: "done", instanceIds: ids, maxParallel: 3 };
        await initStack(cli, sim, "done", { rollingSwaps: [fleet] });
        timed("up (swaps 3)", await cli.up("done"));
        expect((await cli.outputs("done")).rollingSwaps.done.swapped).to.have.members(ids);

        let mark = log.length;
        timed("preview (finished)", await cli.preview("done"));
        expect(requestsSince(mark), "DCS requests of a finished rolling swap's preview").to.deep.equal({});
        mark = log.length;
        timed("up (no-op)", await cli.up("done"));
        expect(requestsSince(mark), "DCS requests of a no-op up").to.deep.equal({});

        sim.setInstance(ids[0], { exists: false });
        mark = log.length;
        const afterDelete = timed("preview (an instance deleted)", await cli.preview("done"));
        expect(afterDelete.code).to.equal(0);
        expect(afterDelete.output).to.not.contain("cannot be switched over");
        expect(requestsSince(mark), "DCS requests after the delete").to.deep.equal({});

        // A swap that will run is still checked: the new instance, and only it.
        const added = suite.instance();
        await cli.setConfig("done", { rollingSwaps: JSON.stringify([{ ...fleet, instanceIds: [...ids, added] }]) });
        mark = log.length;
        const grown = timed("preview (an instance added)", await cli.preview("done"));
        expect(requestsSince(mark), "DCS requests of the preview with one new instance").to.deep.equal({ showInstance: 1 });
        expect(
            log.slice(mark).every((entry) => entry.path.includes(added)),
            "the one read is of the new instance",
        ).to.equal(true);
        expect(grown.output).to.contain("1 instance checked, all can be switched over (3 already swapped with these triggers, not read)");

        // Issue 19: taken out (an up), then back under the same triggers: its swap's state went with it, so it
        // would swap again. The preview names it in a counted warning on the RollingSwap.
        await cli.setConfig("done", { rollingSwaps: JSON.stringify([{ ...fleet, instanceIds: [ids[0], ids[2]] }]) });
        timed("up (an instance taken out)", await cli.up("done"));
        await cli.setConfig("done", { rollingSwaps: JSON.stringify([fleet]) });
        const { diags } = await jsonPreview("done", "preview --json (the instance back, same triggers)");
        const back = warningsOn(diags, ROLLING_TYPE, "done").map((d) => d.message);
        expect(back.join("\n"), JSON.stringify(diags)).to.contain(`instance ${ids[1]} is back in instanceIds under the triggers it had`);
        await cli.setConfig("done", { rollingSwaps: JSON.stringify([{ ...fleet, instanceTriggers: { [ids[1]]: "CHG-2" } }]) });
        const meant = await jsonPreview("done", "preview --json (back with new triggers: a swap is meant)");
        expect(
            warningsOn(meant.diags, ROLLING_TYPE, "done")
                .map((d) => d.message)
                .join("\n"),
        ).to.not.contain("is back in instanceIds");
    });
    it("4. a RollingSwap whose swap FAILed: the next preview reads that instance alone (a busy one is a counted warning on the RollingSwap; a deleted one fails the preview), never the swapped one", async () => {
        const ok = suite.instance();
        const failing = suite.instance({ failReason: "the standby is not in sync with the master" });
        const fleet: RollingSwapSpec = { name: "half", instanceIds: [ok, failing], maxParallel: 2 };
        await initStack(cli, sim, "half", { rollingSwaps: [fleet] });
        const up = timed("up (one swap FAILs)", await cli.up("half", "fail"));
        expect(up.output).to.contain("the standby is not in sync with the master");

        sim.setInstance(failing, { failReason: null, busyForMs: 120_000 });
        let mark = log.length;
        const { diags } = await jsonPreview("half", "preview --json (resuming a FAILed swap, instance busy)");
        expect(requestsSince(mark), "DCS requests: the FAILed swap's instance, once").to.deep.equal({ showInstance: 1 });
        expect(log.slice(mark)[0].path).to.contain(failing);
        const onFleet = warningsOn(diags, ROLLING_TYPE, "half");
        expect(onFleet.map((d) => d.message).join("\n"), JSON.stringify(diags)).to.contain(`instance ${failing} is RUNNING with task BACKUPING now`);

        sim.setInstance(failing, { exists: false });
        mark = log.length;
        const gone = timed("preview (the FAILed swap's instance deleted)", await failingPreview("half"));
        expect(gone.output).to.contain(`instance ${failing} was not found`);
        expect(writeCalls(requestsSince(mark)), "write calls").to.deep.equal(NO_WRITES);
    });
});
