/**
 * End to end: the real Pulumi CLI (the one scripts/pulumi-cli.sh chose; v3.274.1 from `.tools/bin` in CI) runs a Node program that uses the
 * INSTALLED package (npm-packed tarball) against the DCS simulator, through a file backend.
 * Asserts what DCS actually accepted (simulator effect counters), not what the provider says.
 *
 * Pulumi behaviour relied on (observed with v3.274.1, file backend), for case 4:
 * - a SIGKILLed `pulumi up` leaves the stack LOCKED: every command then fails with "the stack is
 *   currently locked by 1 lock(s) ... delete the lock file with `pulumi cancel`";
 * - after `pulumi cancel`, the checkpoint still has the pending create; `pulumi up` warns
 *   ("Attempting to deploy or update resources with 1 pending operations from previous
 *   deployment") and creates again, but KEEPS the pending operation; a plain non-interactive
 *   `pulumi refresh` keeps it too (the warning: "`pulumi refresh` will need to be run
 *   interactively to clear pending CREATE operations");
 * - so the recovery path is `pulumi cancel --yes`, then `pulumi refresh --clear-pending-creates
 *   --yes`, then `pulumi up`, whose create finds the swap again instead of sending it twice.
 *
 * Case 4 recovers on the SAME machine, where the local resume journal (keyed by the intent id)
 * is the fast path: the job is resumed by id without reading the task list. Recovery on another
 * machine, where only Pulumi state (the `<name>-intent` OperationIntent) and DCS's task list
 * identify the swap, is fresh-runner.test.ts.
 */
import { expect } from "chai";
import { Counters, InstanceScenario, RunningSimulator } from "../../simulator";
import { CliResult, ProcessInfo, PulumiCli, cpuSeconds, descendants, diagnostics, killLeftovers, resource, stillAlive } from "./cli";
import { useCliSuite } from "./suite";
import { ProgramSpec, SwapSpec, initStack } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";

const SWAP_TYPE = "pulumi-nodejs:dynamic/dcs:MasterStandbySwap";
/** "master/standby swap accepted on instance <id>: job <jobId>" (lifecycle.ts, async API). */
const ACCEPTED = /swap accepted on instance \S+: job (\w+)/;
/** The lifecycle's line when it identifies its swap through the task list (another machine, no journal). */
const ADOPTED = /found it as background task \S+ \(job \w+\), \w+; adopting it instead of sending again/;
/** The waiter's status line for a job: resuming a job by id prints only these. */
const jobStatusLine = (jobId: string, status: string) => new RegExp(`job ${jobId} \\(masterStandbySwapJob\\) ${status}`);

describe("e2e: Pulumi CLI + installed tarball + DCS simulator", function () {
    this.timeout(90_000);

    /** Plugin processes of SIGKILLed CLIs still running when their test ended (then killed). */
    const leftovers: string[] = [];
    const suite = useCliSuite("cli", { defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 } }, () => {
        if (leftovers.length) console.log(`e2e: plugin processes a killed CLI left running (killed by pid):\n  ${leftovers.join("\n  ")}`);
    });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    before(() => ({ sim, cli } = suite));

    // ---- helpers ------------------------------------------------------------------------------

    const instance = (scenario: Partial<InstanceScenario> = {}) => suite.instance(scenario);

    const newStack = (stack: string, program: ProgramSpec) => initStack(cli, sim, stack, program);

    const effects = (id: string) => sim.counters().perInstance[id] ?? { swaps: 0, clientIpChanges: 0, sslChanges: 0 };

    const delta = (before: Counters, after: Counters = sim.counters()) => requestDelta(before, after);

    function acceptedJob(result: CliResult | string): string {
        const match = (typeof result === "string" ? result : result.output).match(ACCEPTED);
        expect(match, "a 'swap accepted on instance …: job …' progress line").to.not.equal(null);
        return match![1];
    }

    /** Waits until no showJob request arrives for `windowMs`; returns when the last one arrived. */
    async function pollingStopped(windowMs = 2500, maxMs = 20_000): Promise<number> {
        const started = Date.now();
        let last = sim.counters().requests.showJob ?? 0;
        let lastChange = Date.now();
        while (Date.now() - lastChange < windowMs) {
            if (Date.now() - started > maxMs) throw new Error(`showJob requests still arriving ${maxMs} ms after the CLI was killed`);
            await new Promise((r) => setTimeout(r, 100));
            const now = sim.counters().requests.showJob ?? 0;
            if (now !== last) [last, lastChange] = [now, Date.now()];
        }
        return lastChange;
    }

    // ---- 1. preview ----------------------------------------------------------------------------

    it("1. `pulumi preview` shows the planned MasterStandbySwap create, warns that the instance is busy, and makes no write call", async () => {
        const id = instance({ busyForMs: 120_000 });
        await newStack("preview", { swaps: [{ name: "planned", instanceId: id }] });
        const before = sim.counters();
        const preview = await cli.preview("preview");
        const d = delta(before);
        expect(writeCalls(d), "write calls during preview").to.deep.equal(NO_WRITES);
        expect(d, "preview reads the instance once (preflight), nothing else").to.deep.equal({ showInstance: 1 });
        expect(preview.output).to.contain(`warning: preflight: instance ${id} is RUNNING with task BACKUPING now`);
        expect(preview.output).to.match(/\+\s+pulumi-nodejs:dynamic\/dcs:MasterStandbySwap planned create/);
        // The swap's intent (recorded in state before the swap is sent), the swap, the stack.
        expect(preview.output).to.match(/\+\s+pulumi-nodejs:dynamic\/dcs:OperationIntent planned-intent create/);
        expect(preview.output).to.match(/\+ 3 to create/);
        expect(effects(id).swaps).to.equal(0);
        expect(sim.instance(id)?.swapCount).to.equal(0);
        // Request-level detail is a debug message: absent by default, shown with --debug.
        expect(preview.output).to.not.contain("dcs-jobs: GET ");
        const debug = await cli.preview("preview", ["--debug"]);
        expect(debug.output).to.match(new RegExp(`dcs-jobs: GET /v2/${sim.projectId}/instances/${id} \\(showInstance\\) → 200, request id \\S+, \\d+ ms`));
    });

    it("1b. `pulumi preview` fails on a non-ha instance, naming it, with no write call; `preflight: false` lets it through", async () => {
        const id = instance({ cacheMode: "single" });
        await newStack("preflight", { swaps: [{ name: "single", instanceId: id }] });
        const before = sim.counters();
        const preview = await cli.run(["preview", "--non-interactive", "--color", "never", "-s", "preflight"], "fail");
        const d = delta(before);
        expect(writeCalls(d), "write calls during a failed preview").to.deep.equal(NO_WRITES);
        expect(d).to.deep.equal({ showInstance: 1 });
        expect(preview.output).to.contain(`instance ${id} is a "single" instance; only master/standby instances (ha, ha_rw_split) can be switched over`);
        expect(effects(id).swaps).to.equal(0);

        await newStack("preflight-off", { swaps: [{ name: "single", instanceId: id, preflight: false }] });
        const off = sim.counters();
        await cli.preview("preflight-off");
        expect(delta(off), "preflight: false makes preview offline again").to.deep.equal({});
    });

    it("1c. bad arguments fail the preview with one line naming the declared resource and the argument: no stack trace, no call", async () => {
        await newStack("bad-args", { rollingSwaps: [{ name: "fleet", instanceIds: [instance()], maxParallel: 0 }] });
        const before = sim.counters();
        const preview = await cli.run(["preview", "--non-interactive", "--color", "never", "-s", "bad-args"], "fail");
        expect(preview.output).to.match(/RollingSwap "fleet": maxParallel: /);
        expect(preview.output, diagnostics(preview)).to.not.match(/unhandled exception|\n\s+at .*\.js:\d+/);
        expect(delta(before), "API calls").to.deep.equal({});
    });

    // ---- 2, 6, 9a, 8: one stack through its life ----------------------------------------------

    const lifecycle = { a: "", b: "", jobA: "", jobB: "" };
    const lifecycleSwaps = (triggersA?: unknown): SwapSpec[] => [
        { name: "swap-a", instanceId: lifecycle.a, ...(triggersA === undefined ? {} : { triggers: triggersA }) },
        { name: "swap-b", instanceId: lifecycle.b },
    ];

    it("2. `pulumi up` of two swaps on two instances: SUCCESS, a jobId each, exactly one swap per instance", async () => {
        lifecycle.a = instance();
        lifecycle.b = instance();
        await newStack("lifecycle", { swaps: lifecycleSwaps() });
        const before = sim.counters();
        const up = await cli.up("lifecycle");
        expect(up.output).to.match(/MasterStandbySwap swap-a created/);
        expect(up.output).to.match(/MasterStandbySwap swap-b created/);

        const { swaps } = await cli.outputs("lifecycle");
        for (const [name, id] of [
            ["swap-a", lifecycle.a],
            ["swap-b", lifecycle.b],
        ]) {
            expect(swaps[name].status, name).to.equal("SUCCESS");
            const jobs = sim.jobs().filter((j) => j.instanceId === id);
            expect(
                jobs.map((j) => j.jobId),
                `${name}: the one job DCS has for ${id}`,
            ).to.deep.equal([swaps[name].jobId]);
            expect(effects(id).swaps, `${name}: swaps accepted on ${id}`).to.equal(1);
        }
        expect(swaps["swap-a"].jobId).to.not.equal(swaps["swap-b"].jobId);
        expect(writeCalls(delta(before))).to.deep.equal({ ...NO_WRITES, asyncSwap: 2 });
        [lifecycle.jobA, lifecycle.jobB] = [swaps["swap-a"].jobId, swaps["swap-b"].jobId];
    });

    it("6a. an unchanged program: `pulumi up` makes no write call and keeps the jobs", async () => {
        expect(lifecycle.jobA, "needs test 2").to.not.equal("");
        const before = sim.counters();
        const up = await cli.up("lifecycle");
        expect(writeCalls(delta(before)), "write calls of a no-op up").to.deep.equal(NO_WRITES);
        expect(up.output).to.not.match(/MasterStandbySwap swap-[ab] (creat|updat|replac)/);
        const { swaps } = await cli.outputs("lifecycle");
        expect([swaps["swap-a"].jobId, swaps["swap-b"].jobId]).to.deep.equal([lifecycle.jobA, lifecycle.jobB]);
        expect([effects(lifecycle.a).swaps, effects(lifecycle.b).swaps]).to.deep.equal([1, 1]);
    });

    it("6b. changed `triggers` on one swap: exactly one new swap, on that instance only", async () => {
        expect(lifecycle.jobA, "needs test 2").to.not.equal("");
        await cli.setConfig("lifecycle", { swaps: JSON.stringify(lifecycleSwaps(["CHG-2"])) });
        const before = sim.counters();
        const up = await cli.up("lifecycle");
        expect(up.output).to.match(/MasterStandbySwap swap-a replaced/);
        expect(up.output).to.match(/\[diff: [^\]]*triggers/);
        expect(writeCalls(delta(before))).to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect([effects(lifecycle.a).swaps, effects(lifecycle.b).swaps], "swaps on [a, b]").to.deep.equal([2, 1]);
        const { swaps } = await cli.outputs("lifecycle");
        expect(swaps["swap-a"].status).to.equal("SUCCESS");
        expect(swaps["swap-a"].jobId, "a new job for the new trigger").to.not.equal(lifecycle.jobA);
        expect(swaps["swap-b"].jobId).to.equal(lifecycle.jobB);
        lifecycle.jobA = swaps["swap-a"].jobId;
    });

    it("9a. `pulumi stack export` holds neither the secret key nor the token in plain text", async () => {
        expect(lifecycle.jobA, "needs test 2").to.not.equal("");
        const { text, deployment } = await cli.exportStack("lifecycle");
        expect(text).to.not.include(sim.credentials.secretKey);
        expect(text).to.not.include(sim.token);
        // The check means something only if the secrets are there, encrypted.
        const provider = deployment.resources?.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
        expect(provider?.inputs?.["dcs:secretKey"], "dcs:secretKey in the provider's inputs").to.have.property("ciphertext");
        expect(provider?.inputs?.["dcs:token"], "dcs:token in the provider's inputs").to.have.property("ciphertext");
        const swap = resource(deployment, "swap-a");
        expect(swap?.outputs?.jobId).to.equal(lifecycle.jobA);
        for (const r of deployment.resources ?? []) {
            if (r.type !== SWAP_TYPE) continue;
            const json = JSON.stringify({ inputs: r.inputs, outputs: r.outputs });
            expect(json, `${r.urn} state`).to.not.match(/accessKey|secretKey|SIMULATORACCESSKEY/);
        }
    });

    it("8. `pulumi destroy` of the swaps makes no API call and says the swaps are not reverted", async () => {
        expect(lifecycle.jobA, "needs test 2").to.not.equal("");
        const swapCounts = [sim.instance(lifecycle.a)!.swapCount, sim.instance(lifecycle.b)!.swapCount];
        const before = sim.counters();
        const destroy = await cli.destroy("lifecycle");
        expect(writeCalls(delta(before)), "write calls of destroy").to.deep.equal(NO_WRITES);
        expect(delta(before), "destroy of a swap makes no API call at all").to.deep.equal({});
        expect(destroy.output).to.match(/MasterStandbySwap swap-a deleted/);
        expect(destroy.output).to.match(/not reverted \(no API call made\)/);
        expect([sim.instance(lifecycle.a)!.swapCount, sim.instance(lifecycle.b)!.swapCount]).to.deep.equal(swapCounts);
        const { deployment } = await cli.exportStack("lifecycle");
        expect((deployment.resources ?? []).filter((r) => r.type === SWAP_TYPE)).to.deep.equal([]);
    });

    // ---- 3. FAIL -------------------------------------------------------------------------------

    it("3. a FAIL job makes `pulumi up` exit non-zero with the fail_reason and the instance id; the job stays in state", async () => {
        const reason = "replication link between master and standby is down; switchover aborted";
        const id = instance({ failReason: reason });
        await newStack("fail", { swaps: [{ name: "doomed", instanceId: id }] });
        const up = await cli.up("fail", "fail");
        expect(up.code).to.not.equal(0);
        const jobId = acceptedJob(up);
        const error = up.output.split("\n").find((line) => line.includes(reason) && line.includes("failed"));
        expect(error, "one error line with the fail_reason").to.be.a("string");
        expect(error).to.include(id);
        expect(error).to.include(jobId);
        const { deployment } = await cli.exportStack("fail");
        const doomed = resource(deployment, "doomed");
        expect(doomed?.outputs?.status, "partial state: the failed job is recorded").to.equal("FAIL");
        expect(doomed?.outputs?.jobId).to.equal(jobId);
        expect(doomed?.outputs?.failReason).to.equal(reason);
    });

    // ---- 4. SIGKILL ----------------------------------------------------------------------------

    /**
     * SIGKILLs `pulumi up` (the CLI process only) right after "swap accepted", waits for the
     * orphaned provider to stop polling, recovers the stack the way Pulumi documents, and runs
     * `pulumi up` again on the same machine: it must complete the same job, with one swap in total.
     * Here the journal is the fast path (the job is resumed by id, no task-list read); without it
     * the swap is still identified through state and the task list (fresh-runner.test.ts).
     */
    async function killAndRecover(stack: string, jobDurationMs: number, checks: { lockedUp: boolean; orphanStopsBeforeJobEnds: boolean }): Promise<void> {
        const id = instance({ jobDurationMs });
        await newStack(stack, { swaps: [{ name: "interrupted", instanceId: id }] });
        const up = cli.spawnUp(stack);
        let plugins: ProcessInfo[] = [];
        try {
            const jobId = (await up.waitFor(ACCEPTED))[1];
            plugins = descendants(up.child.pid!);
            const killedAt = Date.now();
            process.kill(up.child.pid!, "SIGKILL");
            const killed = await up.done;
            expect(killed.code, "killed CLI has no exit code").to.equal(null);
            expect(effects(id).swaps).to.equal(1);

            // While the CLI is dead: the orphaned provider stops polling and keeps the journal entry.
            const lastPoll = await pollingStopped();
            const job = sim.jobs().find((j) => j.jobId === jobId)!;
            console.log(
                `      orphaned provider: last showJob ${((lastPoll - killedAt) / 1000).toFixed(1)} s after the kill; job ends ${((job.endsAt - killedAt) / 1000).toFixed(1)} s after it`,
            );
            if (checks.orphanStopsBeforeJobEnds) {
                expect(lastPoll, "the orphaned provider polled until the job ended: it did not notice the engine was gone").to.be.below(job.endsAt);
            }
            // The orphan cannot deliver its result, so it keeps the entry (keyed by the intent id) for the
            // next run on this machine. Checked at the end, after the one-swap check that matters more.
            const journalKept = cli.journal().some((e) => e.jobId === jobId);

            if (checks.lockedUp) {
                const before = sim.counters();
                const locked = await cli.up(stack, "fail");
                expect(locked.output).to.include("the stack is currently locked");
                expect(locked.output).to.include("pulumi cancel");
                expect(delta(before)).to.deep.equal({});
            }
            const cancel = await cli.run(["cancel", "--yes", "--non-interactive", "-s", stack]);
            expect(cancel.output).to.match(/has been canceled/);
            let { deployment } = await cli.exportStack(stack);
            expect((deployment.pending_operations ?? []).map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`)).to.deep.equal(["creating interrupted"]);
            await cli.refresh(stack, ["--clear-pending-creates"]);
            ({ deployment } = await cli.exportStack(stack));
            expect(deployment.pending_operations ?? [], "pending operations after refresh --clear-pending-creates").to.deep.equal([]);

            const before = sim.counters();
            const again = await cli.up(stack);
            const d = delta(before);
            expect(effects(id).swaps, "swaps accepted in total").to.equal(1);
            expect(writeCalls(d), "write calls of the recovering up").to.deep.equal(NO_WRITES);
            expect(again.output, "the recovering up sent nothing").to.not.match(ACCEPTED);
            expect(again.output).to.match(jobStatusLine(jobId, "SUCCESS"));
            // The fast path: the journal entry the orphan kept resumes the job by id, with no task-list read.
            expect(journalKept, `journal entry of job ${jobId} kept while the CLI was dead (the fast path)`).to.equal(true);
            expect(d.listTasks ?? 0, "task-list reads of a journal resume").to.equal(0);
            expect(again.output, "resumed from the journal, not identified through the task list").to.not.match(ADOPTED);
            const { swaps } = await cli.outputs(stack);
            expect(swaps.interrupted).to.include({ jobId, status: "SUCCESS" });
            ({ deployment } = await cli.exportStack(stack));
            expect(deployment.pending_operations ?? [], "pending operations at the end").to.deep.equal([]);
            expect(resource(deployment, "interrupted")?.outputs).to.include({ jobId, status: "SUCCESS" });
            expect(
                cli.journal().map((e) => e.jobId),
                "journal entry cleared once state holds the job",
            ).to.not.include(jobId);
        } finally {
            if (up.child.exitCode === null && up.child.signalCode === null) up.child.kill("SIGKILL");
            const alive = stillAlive(plugins);
            leftovers.push(...alive.map((p) => `${stack}: pid ${p.pid}, ${cpuSeconds(p.pid).toFixed(1)} s CPU: ${p.cmdline.slice(0, 110)}`));
            killLeftovers(plugins);
        }
    }

    it("4. SIGKILL while waiting (9 s job): after cancel + refresh --clear-pending-creates, `pulumi up` completes the SAME job; one swap; nothing pending", async function () {
        this.timeout(120_000);
        await killAndRecover("killed", 9000, { lockedUp: true, orphanStopsBeforeJobEnds: true });
    });

    it("4b. SIGKILL while waiting (3 s job that ends while the CLI is dead): the next `pulumi up` still resumes the SAME job; one swap", async function () {
        this.timeout(120_000);
        await killAndRecover("killed-short", 3000, { lockedUp: false, orphanStopsBeforeJobEnds: false });
    });

    // ---- 5. timeout ----------------------------------------------------------------------------

    it('5. `timeout: "3s"` on a 10 s job fails `pulumi up`; the next `pulumi up` with a longer timeout resumes the same job; one swap', async () => {
        const id = instance({ jobDurationMs: 10_000 });
        const spec = (timeout: string): SwapSpec[] => [{ name: "slow", instanceId: id, timeout }];
        await newStack("timeout", { swaps: spec("3s") });
        const first = await cli.up("timeout", "fail");
        const jobId = acceptedJob(first);
        expect(first.output).to.match(/did not finish within 3(\.0)? s/);
        expect(first.output).to.include(id);
        expect(first.output, "the timeout says what to do next").to.include(`Run \`pulumi up\` again to resume job ${jobId}`);
        let { deployment } = await cli.exportStack("timeout");
        const partial = resource(deployment, "slow");
        expect(partial?.outputs?.jobId, "partial state keeps the job").to.equal(jobId);
        expect(["INIT", "RUNNING"]).to.include(partial?.outputs?.status);
        expect(partial?.initErrors ?? [], "initErrors (ErrorResourceInitFailed)").to.have.length(1);

        await cli.setConfig("timeout", { swaps: JSON.stringify(spec("60s")) });
        const before = sim.counters();
        const second = await cli.up("timeout");
        // The job recorded in state is resumed by id: no send, no task-list read, only its status lines.
        expect(second.output).to.not.match(ACCEPTED);
        expect(second.output).to.match(jobStatusLine(jobId, "SUCCESS"));
        expect(second.output).to.match(/MasterStandbySwap slow updated/);
        const d = delta(before);
        expect(writeCalls(d)).to.deep.equal(NO_WRITES);
        expect(d.listTasks ?? 0, "task-list reads when state holds the job").to.equal(0);
        const { swaps } = await cli.outputs("timeout");
        expect(swaps.slow).to.include({ jobId, status: "SUCCESS" });
        expect(effects(id).swaps).to.equal(1);
        ({ deployment } = await cli.exportStack("timeout"));
        expect(resource(deployment, "slow")?.initErrors ?? []).to.deep.equal([]);
    });

    // ---- 7. refresh drift ----------------------------------------------------------------------

    it("7. `pulumi refresh` shows client-IP drift made behind Pulumi's back; the next `pulumi up` corrects it", async () => {
        const id = instance({ transparentClientIpEnable: false });
        await newStack("clientip", { clientIps: [{ name: "passthrough", instanceId: id, enabled: true }] });
        await cli.up("clientip");
        expect(effects(id).clientIpChanges).to.equal(1);
        expect(sim.instance(id)?.transparentClientIpEnable).to.equal(true);

        sim.setInstance(id, { transparentClientIpEnable: false }); // someone turns it off in the console
        let before = sim.counters();
        const refresh = await cli.refresh("clientip", ["--diff"]);
        expect(refresh.output).to.match(/~ enabled\s*: true => false/);
        expect(refresh.output).to.match(/~ 1 updated/);
        expect(writeCalls(delta(before)), "write calls of refresh").to.deep.equal(NO_WRITES);
        const { deployment } = await cli.exportStack("clientip");
        expect(resource(deployment, "passthrough")?.outputs?.enabled, "refreshed state").to.equal(false);

        before = sim.counters();
        const up = await cli.up("clientip");
        expect(up.output).to.match(/ClientIpPassthrough passthrough updated/);
        expect(writeCalls(delta(before))).to.deep.equal({ ...NO_WRITES, clientIp: 1 });
        expect(effects(id).clientIpChanges).to.equal(2);
        expect(sim.instance(id)?.transparentClientIpEnable).to.equal(true);
    });

    // ---- 9b. leaks in everything the CLI printed -----------------------------------------------

    it("9b. no captured CLI output of the suite holds the secret key, the token, `Signature=` or `Authorization`", () => {
        expect(cli.history.length, "commands run before this check").to.be.above(20);
        const needles = [sim.credentials.secretKey, sim.token, "Signature=", "Authorization"];
        const hits = cli.history.flatMap((r) =>
            needles.filter((n) => r.output.includes(n)).map((n) => `${JSON.stringify(n)} in \`pulumi ${r.args.join(" ")}\``),
        );
        expect(hits).to.deep.equal([]);
    });
});
