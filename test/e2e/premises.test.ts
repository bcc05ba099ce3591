/**
 * End to end: premises of the exactly-once argument (docs/design/exactly-once.md) that the real
 * Pulumi CLI can break from outside the provider. Each case states the correct behaviour; what DCS
 * did is read from the simulator (switchovers that took effect: `swapCount`; swaps it accepted:
 * the effect counters; write requests per instance: its request log), never from the provider's
 * own report.
 *
 * a. `pulumi up --replace` of a finished swap: the same intent, so the replacement's create must
 *    not pass off the old job as a new switchover (swap once more, or refuse naming `triggers`).
 * b. A wall-clock step (+60 s) in the provider process while DCS lists the swap late (8 s) after an
 *    ambiguous answer: the identification grace is 30 s of elapsed time, not of wall clock.
 * c. An async swap whose job FAILed, re-run with `api: "sync"` (a config-only change, rule 6): the
 *    earlier run's FAILED task is not the sync swap's.
 * d. A rolling swap that stops (its new first swap FAILs) must leave its finished swaps SUCCESS:
 *    the stop rule holds back swaps that have not run, not ones that did.
 *
 * The re-runs of a FAILed swap wait one identification grace (~30 s) before they send again.
 */
import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Counters, InstanceScenario, RequestLogEntry, RunningSimulator } from "../../simulator";
import { CliResult, PulumiCli, diagnostics, resource, timed } from "./cli";
import { swapJobsEnded, swapJobsOn, useCliSuite } from "./suite";
import { ProgramSpec, RollingSwapSpec, SwapSpec, initStack } from "./program";
import { NO_WRITES, instanceOf, requestDelta, requestsOn, writeCalls } from "./requests";

/** The preload that steps `Date.now` in the dynamic-provider host (plain JS: no ts-node there). */
const CLOCK_STEP_PRELOAD = join(__dirname, "clock-step-preload.js");
const STEP_MS = 60_000;

describe("e2e: exactly-once premises through the Pulumi CLI + installed tarball + DCS simulator", function () {
    this.timeout(240_000);

    /** Every request the simulator answered, in order. */
    const log: RequestLogEntry[] = [];
    /** A test's own look at each answered request (case b). */
    let onRequest: ((entry: RequestLogEntry) => void) | undefined;
    const suite = useCliSuite("premises", {
        defaultScenario: { jobInitMs: 300, jobDurationMs: 1500 },
        onRequest: (entry) => {
            log.push(entry);
            onRequest?.(entry);
        },
    });
    let sim: RunningSimulator;
    let cli: PulumiCli;
    before(() => ({ sim, cli } = suite));

    // ---- helpers ------------------------------------------------------------------------------

    const instance = (scenario: Partial<InstanceScenario> = {}) => suite.instance(scenario);

    const newStack = (stack: string, program: ProgramSpec) => initStack(cli, sim, stack, program);

    /** Switchovers that took effect on the instance (jobs that ended SUCCESS and flipped the master). */
    const swapsOn = (id: string) => sim.instance(id)?.swapCount ?? 0;
    /** Swaps DCS accepted on the instance (a job or task was created, whatever its end). */
    const acceptedOn = (id: string) => sim.counters().perInstance[id]?.swaps ?? 0;

    const delta = (before: Counters, after: Counters = sim.counters()) => requestDelta(before, after);

    /** Write requests (async-swap, sync-swap, client-IP, SSL) about `id` since `since`, zeros included. */
    const writesOn = (id: string, since: number) => writeCalls(requestsOn(log, id, since));

    const jobsOn = (id: string) => swapJobsOn(sim, id);
    const jobsEnded = (...ids: string[]) => swapJobsEnded(sim, ...ids);

    /** `pulumi up` with extra environment for the CLI and every process it starts. */
    async function upWithEnv(stack: string, env: Record<string, string>): Promise<CliResult> {
        const saved = Object.fromEntries(Object.keys(env).map((key) => [key, cli.env[key]]));
        Object.assign(cli.env, env);
        try {
            return await cli.up(stack, "any");
        } finally {
            for (const [key, value] of Object.entries(saved)) {
                if (value === undefined) delete cli.env[key];
                else cli.env[key] = value;
            }
        }
    }

    // ---- a. --replace of a finished swap --------------------------------------------------------

    it("a. `pulumi up --replace` of a finished MasterStandbySwap swaps exactly once more with a new job, or fails naming `triggers` and sends nothing; then a `triggers` change swaps exactly once more and preview shows no changes", async () => {
        const id = instance();
        const spec = (triggers?: unknown): SwapSpec[] => [{ name: "once", instanceId: id, ...(triggers === undefined ? {} : { triggers }) }];
        await newStack("replace", { swaps: spec() });
        timed("up #1", await cli.up("replace"));
        await jobsEnded(id);
        const first = (await cli.outputs("replace")).swaps.once;
        expect(first.status).to.equal("SUCCESS");
        expect(swapsOn(id), "switchovers after up #1").to.equal(1);
        expect(jobsOn(id).map((j) => j.jobId)).to.deep.equal([first.jobId]);

        const { deployment } = await cli.exportStack("replace");
        const urn = resource(deployment, "once")!.urn;
        expect(urn).to.match(/::pulumi-nodejs:dynamic\/dcs:MasterStandbySwap::once$/);

        // -- the replace: one more switchover with a new job, or a refusal naming `triggers`
        let mark = log.length;
        const replaced = timed("up --replace", await cli.up("replace", "any", ["--replace", urn]));
        await jobsEnded(id);
        const after = (await cli.outputs("replace")).swaps.once;
        const jobs = jobsOn(id).map((j) => `${j.jobId} ${j.status}`);
        const seen = `exit ${replaced.code}; job before ${first.jobId}, after ${after.jobId} (${after.status}); DCS jobs [${jobs.join(", ")}]`;
        if (replaced.code === 0) {
            expect(swapsOn(id), `switchovers after \`up --replace\` exited 0: one more than before (${seen})`).to.equal(2);
            expect(writesOn(id, mark), `write requests of \`up --replace\` (${seen})`).to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
            expect(after.status).to.equal("SUCCESS");
            expect(after.jobId, `the replacement's job (${seen})`).to.not.equal(first.jobId);
            expect(jobsOn(id).map((j) => j.jobId)).to.deep.equal([first.jobId, after.jobId]);
        } else {
            expect(replaced.output, `a refused \`up --replace\` names \`triggers\`; diagnostics:\n${diagnostics(replaced)}`).to.include("triggers");
            expect(writesOn(id, mark), `write requests of a refused \`up --replace\` (${seen})`).to.deep.equal(NO_WRITES);
            expect(swapsOn(id), `switchovers after a refused \`up --replace\` (${seen})`).to.equal(1);
            expect(after.jobId, "state keeps the finished swap").to.equal(first.jobId);
        }
        const swapsBefore = swapsOn(id);

        // -- the documented way: a new `triggers` value swaps exactly once more
        await cli.setConfig("replace", { swaps: JSON.stringify(spec(["CHG-1"])) });
        mark = log.length;
        const changed = timed("up (triggers changed)", await cli.up("replace"));
        await jobsEnded(id);
        expect(changed.output).to.match(/MasterStandbySwap once replaced/);
        expect(swapsOn(id), "switchovers after the `triggers` change: one more").to.equal(swapsBefore + 1);
        expect(writesOn(id, mark), "write requests of the `triggers` change").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        const last = (await cli.outputs("replace")).swaps.once;
        expect(last.status).to.equal("SUCCESS");
        expect(jobsOn(id).map((j) => j.jobId)).to.include(last.jobId);
        expect(last.jobId).to.not.be.oneOf([first.jobId, after.jobId]);

        const before = sim.counters();
        timed("preview --expect-no-changes", await cli.preview("replace", ["--expect-no-changes"]));
        expect(writeCalls(delta(before)), "write calls of the preview").to.deep.equal(NO_WRITES);
        expect(swapsOn(id)).to.equal(swapsBefore + 1);
    });

    // ---- b. a wall-clock step while DCS lists the swap late -------------------------------------

    it("b. a +60 s wall-clock step in the provider right after an ambiguous (reset) async swap, which DCS lists 8 s late: exactly one switchover, `up` exits 0", async () => {
        const id = instance({ jobDurationMs: 3000 });
        // A long timeout: the step must not be what runs the operation out of time.
        await newStack("clock-step", { swaps: [{ name: "stepped", instanceId: id, timeout: "10m" }] });
        const marker = join(suite.workDir, "clock-step");
        const behaviour = sim.behaviour();
        sim.setBehaviour({ taskAppearDelayMs: 8000 });
        // DCS performs the swap, then the connection resets: the provider cannot know it was accepted.
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after", instanceId: id });
        // The step comes once the provider is looking for its swap: at the first task-list read after the send.
        let sentAt = 0;
        let steppedAt = 0;
        onRequest = (entry) => {
            if (instanceOf(entry) !== id) return;
            if (entry.operation === "asyncSwap" && !sentAt) sentAt = Date.now();
            else if (entry.operation === "listTasks" && sentAt && !steppedAt) {
                steppedAt = Date.now();
                writeFileSync(marker, "step\n");
            }
        };
        const mark = log.length;
        let up: CliResult;
        try {
            up = timed(
                "up (clock step)",
                await upWithEnv("clock-step", {
                    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${CLOCK_STEP_PRELOAD}`.trim(),
                    E2E_CLOCK_STEP_FILE: marker,
                    E2E_CLOCK_STEP_MS: String(STEP_MS),
                }),
            );
        } finally {
            onRequest = undefined;
            sim.setBehaviour({ taskAppearDelayMs: behaviour.taskAppearDelayMs });
        }

        await jobsEnded(id);
        // The premise of the case: the swap was answered ambiguously and the clock stepped in the provider.
        expect(sentAt, "the async swap reached DCS").to.be.above(0);
        expect(log.slice(mark).filter((e) => e.operation === "asyncSwap" && instanceOf(e) === id)[0]?.status, "the first async swap's answer").to.equal(
            "reset",
        );
        expect(existsSync(`${marker}.armed`), "the preload was armed in the dynamic-provider host (NODE_OPTIONS reached it)").to.equal(true);
        expect(existsSync(`${marker}.applied`), "the clock step happened in the dynamic-provider host").to.equal(true);
        const applied = JSON.parse(readFileSync(`${marker}.applied`, "utf8"));
        console.log(
            `      swap sent, then reset; clock stepped +${applied.stepMs / 1000} s in pid ${applied.pid} ${((steppedAt - sentAt) / 1000).toFixed(1)} s after the send`,
        );

        const jobs = jobsOn(id).map((j) => `${j.jobId} ${j.status}`);
        const writes = writesOn(id, mark);
        const answers = log
            .slice(mark)
            .filter((e) => e.operation === "asyncSwap" && instanceOf(e) === id)
            .map((e) => e.status);
        const seen = `write requests ${JSON.stringify(writes)}, async-swap answers [${answers.join(", ")}]; DCS jobs [${jobs.join(", ")}]; exit ${up.code}`;
        expect(swapsOn(id), `switchovers on the instance (${seen})`).to.equal(1);
        expect(acceptedOn(id), `swaps DCS accepted (${seen})`).to.equal(1);
        expect(writes, `write requests on the instance (${seen})`).to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect(up.code, `\`pulumi up\` exit code; diagnostics:\n${diagnostics(up)}`).to.equal(0);
        const { swaps } = await cli.outputs("clock-step");
        expect(swaps.stepped.status).to.equal("SUCCESS");
        expect(
            jobsOn(id).map((j) => j.jobId),
            "the one job, adopted",
        ).to.deep.equal([swaps.stepped.jobId]);
    });

    // ---- c. an async swap that FAILed, re-run with the sync API ---------------------------------

    it('c. an async swap whose job FAILed, re-run with `api: "sync"` (config only): exactly one switchover in total, the second `up` SUCCEEDs, preview shows no changes', async () => {
        const reason = "replication link between master and standby is down; switchover aborted";
        const id = instance({ failReason: reason });
        const spec = (api: SwapSpec["api"]): SwapSpec[] => [{ name: "fallback", instanceId: id, api }];
        await newStack("sync-after-fail", { swaps: spec("async") });

        // -- up #1: the async swap's job FAILs
        let mark = log.length;
        const first = timed("up #1 (async, FAILs)", await cli.up("sync-after-fail", "fail"));
        await jobsEnded(id);
        expect(first.output).to.include(reason);
        expect(writesOn(id, mark), "write requests of up #1").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect(swapsOn(id), "switchovers after up #1 (its job FAILed)").to.equal(0);
        expect(jobsOn(id).map((j) => j.status)).to.deep.equal(["FAIL"]);
        let { deployment } = await cli.exportStack("sync-after-fail");
        expect(resource(deployment, "fallback")?.outputs).to.deep.include({ status: "FAIL", apiUsed: "async" });

        // -- fixed; the program now asks for the sync API (an update in place, no new intent)
        sim.setInstance(id, { failReason: null });
        await cli.setConfig("sync-after-fail", { swaps: JSON.stringify(spec("sync")) });
        mark = log.length;
        const second = timed("up #2 (sync)", await cli.up("sync-after-fail", "any"));
        await jobsEnded(id);
        const seen = `exit ${second.code}; DCS jobs [${jobsOn(id)
            .map((j) => `${j.jobId ?? "(no job id)"} ${j.status}`)
            .join(", ")}]`;
        expect(swapsOn(id), `switchovers in total after up #2 (${seen})`).to.equal(1);
        expect(writesOn(id, mark), `write requests of up #2 (${seen})`).to.deep.equal({ ...NO_WRITES, syncSwap: 1 });
        expect(second.code, `up #2 exit code; diagnostics:\n${diagnostics(second)}`).to.equal(0);
        expect(second.output).to.match(/MasterStandbySwap fallback updated/);
        expect(second.output, "a config-only change is not a replace").to.not.match(/MasterStandbySwap fallback replaced/);
        expect((await cli.outputs("sync-after-fail")).swaps.fallback.status).to.equal("SUCCESS");
        ({ deployment } = await cli.exportStack("sync-after-fail"));
        expect(resource(deployment, "fallback")?.outputs).to.deep.include({ status: "SUCCESS", apiUsed: "sync" });

        // -- nothing left to do
        const before = sim.counters();
        timed("preview --expect-no-changes", await cli.preview("sync-after-fail", ["--expect-no-changes"]));
        expect(writeCalls(delta(before)), "write calls of the preview").to.deep.equal(NO_WRITES);
        expect(swapsOn(id), "switchovers in total at the end").to.equal(1);
    });

    // ---- d. a rolling swap stops in front of swaps that already finished --------------------------

    it("d. a RollingSwap whose new first swap FAILs leaves its finished swaps SUCCESS (no write, same jobs); after the fix only the new one swaps: A 1, B 1, C 1 switchovers", async function () {
        this.timeout(300_000);
        const reason = "standby node is not in sync; switchover aborted";
        const [a, b, c] = [instance(), instance(), instance({ failReason: reason })];
        const roll = (spec: Partial<RollingSwapSpec>): ProgramSpec => ({ rollingSwaps: [{ name: "roll", instanceIds: [a, b], ...spec }] });
        await newStack("stop-rule", roll({}));

        // -- up #1: A and B swap
        let mark = log.length;
        timed("up #1 (A, B)", await cli.up("stop-rule"));
        await jobsEnded(a, b);
        expect([a, b].map(swapsOn), "switchovers on A, B after up #1").to.deep.equal([1, 1]);
        expect(
            [a, b].map((id) => writesOn(id, mark)),
            "write requests on A, B in up #1",
        ).to.deep.equal([
            { ...NO_WRITES, asyncSwap: 1 },
            { ...NO_WRITES, asyncSwap: 1 },
        ]);
        let { deployment } = await cli.exportStack("stop-rule");
        const jobA = resource(deployment, `roll-${a}`)?.outputs?.jobId as string;
        const jobB = resource(deployment, `roll-${b}`)?.outputs?.jobId as string;
        for (const [name, id, job] of [
            ["A", a, jobA],
            ["B", b, jobB],
        ]) {
            expect(resource(deployment, `roll-${id}`)?.outputs?.status, `${name} after up #1`).to.equal("SUCCESS");
            expect(
                jobsOn(id).map((j) => j.jobId),
                `${name}'s job`,
            ).to.deep.equal([job]);
        }

        // -- up #2: C first (it FAILs), and a new timeout for all
        await cli.setConfig("stop-rule", {
            rollingSwaps: JSON.stringify(roll({ instanceIds: [a, b, c], order: [c, a, b], timeout: "90s" }).rollingSwaps),
        });
        mark = log.length;
        const second = timed("up #2 (C first, FAILs; timeout changed)", await cli.up("stop-rule", "any"));
        await jobsEnded(a, b, c);
        expect(second.code, "up #2 fails (C's swap FAILed)").to.not.equal(0);
        expect(second.output.includes(reason), `C's fail reason in the output; diagnostics:\n${diagnostics(second)}`).to.equal(true);
        expect(writesOn(c, mark), "write requests on C in up #2").to.deep.equal({ ...NO_WRITES, asyncSwap: 1 });
        expect(
            [a, b].map((id) => writesOn(id, mark)),
            "write requests on A, B in up #2",
        ).to.deep.equal([NO_WRITES, NO_WRITES]);
        expect([a, b, c].map(swapsOn), "switchovers on A, B, C after up #2").to.deep.equal([1, 1, 0]);
        ({ deployment } = await cli.exportStack("stop-rule"));
        const states = [a, b].map((id) => {
            const outs = resource(deployment, `roll-${id}`)?.outputs ?? {};
            return { status: outs.status, jobId: outs.jobId, notStartedBecause: outs.notStartedBecause };
        });
        expect(states, "A, B in state after up #2: their finished swaps, kept").to.deep.equal([
            { status: "SUCCESS", jobId: jobA, notStartedBecause: null },
            { status: "SUCCESS", jobId: jobB, notStartedBecause: null },
        ]);
        expect(resource(deployment, `roll-${c}`)?.outputs).to.deep.include({ status: "FAIL", failReason: reason });
        const result = resource(deployment, "roll-result")?.outputs;
        expect(result?.failed, "result: failed (C only)").to.deep.equal([{ instanceId: c, reason }]);
        expect(result?.notStarted, "result: not started").to.deep.equal([]);
        expect([...(result?.swapped ?? [])].sort(), "result: swapped").to.deep.equal([a, b].sort());

        // -- up #3: C fixed; only C swaps
        sim.setInstance(c, { failReason: null });
        mark = log.length;
        const third = timed("up #3 (C fixed)", await cli.up("stop-rule", "any"));
        await jobsEnded(a, b, c);
        const writes = [a, b, c].map((id) => writesOn(id, mark));
        expect(writes, `write requests on A, B, C in up #3 (exit ${third.code})`).to.deep.equal([NO_WRITES, NO_WRITES, { ...NO_WRITES, asyncSwap: 1 }]);
        expect([a, b, c].map(swapsOn), "switchovers on A, B, C in total").to.deep.equal([1, 1, 1]);
        expect(third.code, `up #3 exit code; diagnostics:\n${diagnostics(third)}`).to.equal(0);
        expect(third.output, "A and B, finished in up #1, are not touched in up #3").to.not.match(
            new RegExp(`MasterStandbySwap roll-(${a}|${b}) (created|updated|replaced)`),
        );
        const { rollingSwaps } = await cli.outputs("stop-rule");
        expect(rollingSwaps.roll.failed).to.deep.equal([]);
        expect(rollingSwaps.roll.notStarted).to.deep.equal([]);
        expect([...rollingSwaps.roll.swapped].sort()).to.deep.equal([a, b, c].sort());
        ({ deployment } = await cli.exportStack("stop-rule"));
        expect(resource(deployment, `roll-${a}`)?.outputs?.jobId, "A keeps its job").to.equal(jobA);
        expect(resource(deployment, `roll-${b}`)?.outputs?.jobId, "B keeps its job").to.equal(jobB);
    });
});
