import { expect } from "chai";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { rmSync } from "fs";
import { join } from "path";
import * as runtime from "../provider/resources/runtime";
import { FAST_POLLING, simulatorConfig, swapInputs, useRuntimeHarness } from "./support/runtime-harness";

/** The provider runtime after an interrupted run: a timeout, a SIGKILL, a fresh runner, a journal that cannot be written. */
describe("provider runtime: recovery against the simulator", function () {
    this.timeout(40_000);
    // Virtual time, but for the tests that SIGKILL a child process (`h.realTime()`): that run is on real time,
    // and what follows the kill in this process on virtual time again (`h.virtualFromNow()`).
    const h = useRuntimeHarness({ virtualTime: true });
    /** A DcsJob that turns SSL on: a call DCS answers with a job id. */
    const sslJob = (id: string, owner: string) => ({
        method: "PUT",
        path: `/v2/{project_id}/instances/${id}/ssl`,
        body: { enabled: true },
        instanceId: id,
        owner,
        pollPolicy: FAST_POLLING,
    });

    it("a timeout keeps the running job, and update resumes it without a second swap", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 3000 });
        const err = await runtime.create("MasterStandbySwap", swapInputs(id, { timeout: "1s" })).catch((e) => e);
        expect(err.properties).to.include({ status: "RUNNING", jobId: err.id });
        expect(err.reasons[0]).to.contain("did not finish within");
        const { outs } = await runtime.update("MasterStandbySwap", err.id, err.properties, swapInputs(id, { timeout: "30s" }));
        expect(outs).to.include({ status: "SUCCESS", jobId: err.id });
        expect(h.sim.counters().effects.swaps).to.equal(1);
    });

    /**
     * Runs `runtime.create` in a child process and SIGKILLs it once DCS has accepted the job. Like a
     * `pulumi up`, the child records the intent itself first; resolves with it, as state would hold it.
     */
    async function createAndKill(
        kind: string,
        inputs: Record<string, unknown>,
        acceptedLine: RegExp,
    ): Promise<{ intentId: string; baselineTaskIds?: string[] }> {
        const script = `
            const runtime = require("./provider/resources/runtime");
            const inputs = JSON.parse(process.env.INPUTS);
            runtime.configure({ config: { get: (k) => JSON.parse(process.env.CFG)[k] } })
                .then(() => runtime.create("OperationIntent", { forKind: process.env.KIND, instanceId: inputs.instanceId, taskName: process.env.TASK || undefined }))
                .then(({ outs }) => {
                    // As the class passes it on: an unset baseline (a DcsJob's, state holds null) is no input.
                    const intent = { intentId: outs.intentId, baselineTaskIds: outs.baselineTaskIds ?? undefined };
                    console.log("INTENT " + JSON.stringify(intent));
                    return runtime.create(process.env.KIND, { ...inputs, ...intent });
                });`;
        const cfg = simulatorConfig(h.sim);
        const child = spawn(process.execPath, ["-r", "./test/support/register.cjs", "-e", script], {
            cwd: join(__dirname, ".."),
            env: {
                ...process.env,
                CFG: JSON.stringify(cfg),
                KIND: kind,
                TASK: kind === "MasterStandbySwap" ? "masterStandbySwapJob" : "",
                INPUTS: JSON.stringify(inputs),
                DCS_JOBS_JOURNAL_DIR: h.journal,
            },
            stdio: ["ignore", "pipe", "inherit"],
        });
        let intent: { intentId: string; baselineTaskIds?: string[] } | undefined;
        await new Promise<void>((resolve) =>
            child.stdout.on("data", (d) => {
                const text = String(d);
                const line = /^INTENT (.*)$/m.exec(text);
                if (line) intent = JSON.parse(line[1]);
                if (acceptedLine.test(text)) resolve();
            }),
        );
        child.kill("SIGKILL");
        return intent!;
    }

    it("a create killed while waiting is adopted by the next create: one swap in total", async () => {
        h.realTime();
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 4000 });
        const intent = await createAndKill("MasterStandbySwap", swapInputs(id), /swap accepted on instance/);
        h.virtualFromNow();
        rmSync(h.journal, { recursive: true, force: true }); // a fresh runner: correctness must not need the journal
        const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id, intent));
        expect(outs.status).to.equal("SUCCESS");
        expect(h.sim.counters().effects.swaps).to.equal(1);
        expect(h.sim.counters().requests.asyncSwap).to.equal(1);
    });

    it("a DcsJob killed while waiting is adopted too: the call is not sent twice", async () => {
        h.realTime();
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 3000 });
        const inputs = sslJob(id, "p/s/ssl");
        const intent = await createAndKill("DcsJob", inputs, /accepted on instance .*: job/);
        h.virtualFromNow();
        const { outs } = await runtime.create("DcsJob", { ...inputs, ...intent });
        expect(outs).to.include({ status: "SUCCESS", jobType: "modifySslJob" });
        expect(h.sim.counters().requests.ssl).to.equal(1);
        expect(h.sim.counters().effects.sslChanges).to.equal(1);
    });

    it("a DcsJob killed while waiting, re-run on a fresh runner (no journal), is refused, not sent twice", async () => {
        h.realTime();
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 3000 });
        const inputs = sslJob(id, "p/s/ssl2");
        const intent = await createAndKill("DcsJob", inputs, /accepted on instance .*: job/);
        h.virtualFromNow();
        rmSync(h.journal, { recursive: true, force: true });
        const err = await runtime.create("DcsJob", { ...inputs, ...intent }).catch((e) => e);
        expect(err.name).to.equal("OperationUnidentifiedError");
        expect(err.message).to.contain(`instance ${id}`).and.contain("not sent again");
        expect(h.sim.counters().requests.ssl).to.equal(1);
    });

    it("a journal that cannot be written is a warning, never a lost job (DCS_JOBS_JOURNAL_DIR is a file)", async () => {
        const id = randomUUID();
        const file = join(h.journal, "..", `not-a-dir-${id}`);
        require("fs").writeFileSync(file, "x");
        const before = process.env.DCS_JOBS_JOURNAL_DIR;
        process.env.DCS_JOBS_JOURNAL_DIR = file;
        try {
            const { outs } = await runtime.create("MasterStandbySwap", swapInputs(id));
            expect(outs.status).to.equal("SUCCESS");
            expect(h.sim.counters().effects.swaps).to.equal(1);
        } finally {
            process.env.DCS_JOBS_JOURNAL_DIR = before;
            rmSync(file, { force: true });
        }
    });

    it("a status DCS did not document (QUEUED) recorded at the deadline is waited for by update, never sent again", async () => {
        const id = randomUUID();
        h.sim.setInstance(id, { jobDurationMs: 1500 });
        const { outs: first } = await runtime.create("MasterStandbySwap", swapInputs(id));
        const olds = { ...first, status: "QUEUED" };
        const { outs } = await runtime.update("MasterStandbySwap", String(first.jobId), olds, swapInputs(id));
        expect(outs).to.include({ status: "SUCCESS", jobId: first.jobId });
        expect(h.sim.counters().requests.asyncSwap).to.equal(1);
    });
});
