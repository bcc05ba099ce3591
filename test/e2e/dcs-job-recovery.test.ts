/**
 * End to end, across machines, for a `DcsJob` (here `PUT …/instances/<id>/ssl`, a 20 s job): DCS
 * lists no background task for an arbitrary call, so after runner A is SIGKILLed with every process
 * it started, runner B (fresh PULUMI_HOME, empty journal, runner A's file backend) cannot identify
 * the call. It must never send it a second time by itself; the job id printed when DCS accepted it
 * (`… accepted on instance <id>: job <jobId>`) is what lets the operator hand it over.
 *
 * What Pulumi v3.274.1 does with `--import-pending-creates` (observed here; why docs/recovery.md documents the export/import hand-over instead):
 * - `pulumi refresh --import-pending-creates '<urn>,<jobId>'` is rejected: the flag is a string
 *   array of alternating URN and ID entries ("each URN must be followed by an ID: found an odd
 *   number of entries");
 * - the accepted form, `--import-pending-creates <urn> --import-pending-creates <jobId>`, exits 0
 *   but imports nothing: the pending create is dropped, the engine never calls `read` for it, and
 *   the next `pulumi up` refuses (`OperationUnidentifiedError`: "not sent again") — the same as
 *   `--clear-pending-creates`;
 * - what does hand the job over: `pulumi stack export`, move the pending create into `resources`
 *   with the job id as its `id` and outputs holding only `__provider` (the dynamic provider's code,
 *   copied from its inputs; without it the provider host cannot run `read`), `pulumi stack import`,
 *   then `pulumi refresh` (the provider's `read` fills the job from its id) and `pulumi up` (waits
 *   for that job; no call).
 * The deliberate way out ("change `triggers`") sends exactly one more call.
 */
import { expect } from "chai";
import { randomUUID } from "crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Counters, JobView, RunningSimulator, startSimulator } from "../../simulator";
import { preparePackedProject } from "../support/packed-project";
import { Deployment, PulumiCli, assertCliInstalled, killMachine, resource, until } from "./cli";
import { DcsJobSpec, initStack, writeProgram } from "./program";
import { NO_WRITES, requestDelta, writeCalls } from "./requests";

const DCS_JOB_TYPE = "pulumi-nodejs:dynamic/dcs:DcsJob";
/** "PUT /v2/{project_id}/instances/<id>/ssl accepted on instance <id>: job <jobId>" (lifecycle.ts). */
const ACCEPTED = /ssl accepted on instance (\S+): job (\w+)/;
/** The lifecycle's line when state holds a job that has not ended (`identifiedInFlight` in lifecycle.ts). */
const RESUMING = /resuming job (\w+) \((\w+)\) recorded by an earlier run/;
/** `OperationUnidentifiedError` for a DcsJob whose intent predates the run and whose result never reached state. */
const REFUSED = /an earlier run may have sent it: its intent was recorded before this run and no result reached the state; not sent again/;
const NAME = "ssl";
const JOB_MS = 20_000;

interface Killed {
    id: string;
    jobId: string;
    /** The pending create's URN, from `pulumi stack export` after `pulumi cancel`. */
    urn: string;
    intentId: string;
    /** Runner B, with the stack unlocked. */
    b: PulumiCli;
    t0: number;
}

describe("e2e: a DcsJob killed on runner A is recovered on runner B (fresh PULUMI_HOME, empty journal, same backend)", function () {
    this.timeout(180_000);

    let sim: RunningSimulator;
    let projectDir: string;
    const runners: { label: string; cli: PulumiCli }[] = [];
    const workDirs: string[] = [];

    before(async function () {
        this.timeout(240_000);
        await assertCliInstalled();
        projectDir = (await preparePackedProject()).dir;
        writeProgram(projectDir);
        sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 300 } });
    });

    after(async function () {
        this.timeout(30_000);
        await sim?.stop();
        for (const { label, cli } of runners) console.log(`\n${label}:\n${cli.summary()}`);
        if (process.env.KEEP_E2E_DIR === "1") console.log(`KEEP_E2E_DIR=1: leaving ${workDirs.join(", ")}`);
        else for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
    });

    // ---- helpers ------------------------------------------------------------------------------

    function tempDir(runner: string): string {
        const dir = mkdtempSync(join(tmpdir(), `dcs-jobs-e2e-dcsjob-${runner}-`));
        workDirs.push(dir);
        return dir;
    }

    const sslJob = (id: string, triggers?: unknown): DcsJobSpec => ({
        name: NAME,
        method: "PUT",
        path: `/v2/{project_id}/instances/${id}/ssl`,
        body: { enabled: true },
        instanceId: id,
        triggers,
    });

    /** ssl calls DCS accepted on the instance (a job was created). */
    const sslAccepted = (id: string) => sim.counters().perInstance[id]?.sslChanges ?? 0;
    const jobsOn = (id: string): JobView[] => sim.jobs().filter((j) => j.instanceId === id);
    const pending = (deployment: Deployment) => (deployment.pending_operations ?? []).map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`);
    const delta = (before: Counters, after: Counters = sim.counters()) => requestDelta(before, after);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

    /**
     * Runner A: `pulumi up` of one DcsJob, killed with its machine once DCS accepted the call.
     * Runner B: `pulumi cancel`, and the checkpoint it finds: the intent in state, the call pending.
     */
    async function killOnA(stack: string): Promise<Killed> {
        const t0 = Date.now();
        const id = randomUUID();
        sim.setInstance(id, { jobDurationMs: JOB_MS });
        const a = new PulumiCli({ cwd: projectDir, workDir: tempDir("a") });
        runners.push({ label: `runner A (${stack})`, cli: a });
        await initStack(a, sim, stack, { dcsJobs: [sslJob(id)] });

        const up = a.spawnUp(stack);
        let jobId: string;
        try {
            const match = await up.waitFor(ACCEPTED);
            expect(match[1], "instance in the accepted line").to.equal(id);
            jobId = match[2];
            await killMachine(up);
        } finally {
            if (up.child.exitCode === null && up.child.signalCode === null) up.child.kill("SIGKILL");
        }
        expect(sslAccepted(id), "ssl calls accepted when runner A died").to.equal(1);
        expect(
            jobsOn(id).map((j) => j.jobId),
            "DCS has the job runner A printed",
        ).to.deep.equal([jobId]);
        expect(
            a.journal().map((e) => e.jobId),
            "runner A's journal holds the job (the same-machine fast path runner B lacks)",
        ).to.include(jobId);
        const quiet = sim.counters();
        await new Promise((r) => setTimeout(r, 1000));
        expect(delta(quiet), "requests reaching DCS after runner A's machine is gone").to.deep.equal({});

        const b = new PulumiCli({ cwd: projectDir, workDir: tempDir("b"), stateDir: a.stateDir });
        runners.push({ label: `runner B (${stack})`, cli: b });
        expect(b.homeDir).to.not.equal(a.homeDir);
        expect(readdirSync(b.homeDir), "runner B's PULUMI_HOME starts empty").to.deep.equal([]);
        expect(existsSync(b.journalDir) ? readdirSync(b.journalDir) : [], "runner B's journal starts empty").to.deep.equal([]);

        const cancel = await b.run(["cancel", "--yes", "--non-interactive", "-s", stack]);
        expect(cancel.output).to.match(/has been canceled/);
        const { deployment } = await b.exportStack(stack);
        expect(pending(deployment), "pending operations runner B finds").to.deep.equal([`creating ${NAME}`]);
        const urn = deployment.pending_operations![0].resource.urn;
        expect(urn).to.match(new RegExp(`::${DCS_JOB_TYPE}::${NAME}$`));
        expect(resource(deployment, NAME), "the DcsJob itself is not in state, only pending").to.equal(undefined);
        const intentId = resource(deployment, `${NAME}-intent`)?.outputs?.intentId as string;
        expect(intentId, "the intent runner A recorded in state").to.be.a("string").and.not.equal("");
        console.log(`      runner A killed ${seconds(Date.now() - t0)} after start; job ${jobId} ${jobsOn(id)[0].status}; pending create ${urn}`);
        return { id, jobId, urn, intentId, b, t0 };
    }

    /** The refusal every plain retry on runner B ends in: `pulumi up` fails, nothing is sent. */
    async function refusedUp(b: PulumiCli, stack: string, id: string): Promise<void> {
        const before = sim.counters();
        const up = await b.up(stack, "fail");
        expect(up.output, "the refusal (OperationUnidentifiedError)").to.match(REFUSED);
        expect(up.output, "runner B's up sent nothing").to.not.match(ACCEPTED);
        expect(writeCalls(delta(before)), "write calls of the refused up").to.deep.equal(NO_WRITES);
        expect(sslAccepted(id), "ssl calls accepted in total").to.equal(1);
        const { deployment } = await b.exportStack(stack);
        expect(resource(deployment, NAME), "no DcsJob in state after the refusal").to.equal(undefined);
        expect(pending(deployment), "pending operations after the refusal").to.deep.equal([]);
        console.log(`      runner B: "${up.output.match(REFUSED)![0]}"`);
    }

    /**
     * The hand-over that works with Pulumi v3.274.1: the pending create becomes a resource whose id
     * is the job id and whose outputs hold only `__provider`, through `pulumi stack export/import`.
     */
    async function adoptPendingCreate(b: PulumiCli, stack: string, urn: string, jobId: string): Promise<void> {
        const exported = JSON.parse((await b.exportStack(stack)).text);
        const ops: { type: string; resource: { urn: string; inputs: Record<string, unknown> } }[] = exported.deployment.pending_operations ?? [];
        const op = ops.find((o) => o.type === "creating" && o.resource.urn === urn);
        expect(op, `pending create of ${urn}`).to.not.equal(undefined);
        expect(op!.resource.inputs.__provider, "the pending create's inputs carry the dynamic provider").to.be.a("string");
        exported.deployment.pending_operations = ops.filter((o) => o !== op);
        exported.deployment.resources.push({ ...op!.resource, id: jobId, outputs: { __provider: op!.resource.inputs.__provider } });
        const file = join(b.homeDir, `${stack}-adopted.json`);
        writeFileSync(file, JSON.stringify(exported));
        await b.run(["stack", "import", "--file", file, "-s", stack]);
    }

    // ---- the tests ----------------------------------------------------------------------------

    it("a. Pulumi's `refresh --import-pending-creates` does not hand the job over (v3.274.1): '<urn>,<jobId>' is rejected, the two-flag form drops the pending create unread; `up` then refuses; one ssl call", async () => {
        const stack = "dcsjob-import-flag";
        const { id, jobId, urn, b } = await killOnA(stack);
        const before = sim.counters();

        // As the README writes it: one flag value.
        const literal = await b.run(
            ["refresh", "--yes", "--non-interactive", "--color", "never", "-s", stack, "--import-pending-creates", `${urn},${jobId}`],
            "fail",
        );
        expect(literal.output).to.include("each URN must be followed by an ID: found an odd number of entries");
        let { deployment } = await b.exportStack(stack);
        expect(pending(deployment), "pending operations after the rejected refresh").to.deep.equal([`creating ${NAME}`]);

        // The form the CLI accepts: URN and ID as two values of the flag.
        await b.refresh(stack, ["--import-pending-creates", urn, "--import-pending-creates", jobId]);
        ({ deployment } = await b.exportStack(stack));
        expect(pending(deployment), "pending operations after refresh --import-pending-creates <urn> --import-pending-creates <jobId>").to.deep.equal([]);
        expect(resource(deployment, NAME), "the DcsJob was not imported into state").to.equal(undefined);
        expect(delta(before), "requests of both refreshes: the job was never read").to.deep.equal({});

        await refusedUp(b, stack, id);
        expect(
            jobsOn(id).map((j) => j.jobId),
            "the jobs DCS has for the instance",
        ).to.deep.equal([jobId]);
    });

    it("b. export/import hand-over + refresh + up: runner B adopts the SAME running job; one ssl call in total; SUCCESS; nothing pending; the next up is a no-op", async () => {
        const stack = "dcsjob-adopted";
        const { id, jobId, urn, intentId, b, t0 } = await killOnA(stack);
        const before = sim.counters();

        await adoptPendingCreate(b, stack, urn, jobId);
        let { deployment } = await b.exportStack(stack);
        expect(pending(deployment), "pending operations after the hand-over").to.deep.equal([]);
        expect(resource(deployment, NAME)?.id, "the DcsJob's id is the job id").to.equal(jobId);

        // `read` gets the job id alone (state: only `__provider`) and fills the resource from the job.
        const refresh = await b.refresh(stack);
        const afterRefresh = sim.counters();
        expect(delta(before, afterRefresh).showJob ?? 0, "refresh read the job").to.be.above(0);
        expect(writeCalls(delta(before, afterRefresh)), "write calls of the refresh").to.deep.equal(NO_WRITES);
        ({ deployment } = await b.exportStack(stack));
        const refreshed = resource(deployment, NAME)!;
        expect(refreshed.outputs).to.include({ jobId, jobType: "modifySslJob" });
        expect(refreshed.outputs?.owner, "read fills job fields only (adopt-in-place in diff)").to.equal(undefined);
        const refreshedStatus = refreshed.outputs?.status as string;
        expect(refresh.output, "refresh replaces nothing").to.not.match(/replace/);

        const job = jobsOn(id).find((j) => j.jobId === jobId)!;
        const upStartedAt = Date.now();
        const up = await b.up(stack);
        const d = delta(afterRefresh);
        console.log(
            `      runner B: refresh saw ${refreshedStatus}; up ${seconds(up.durationMs)} (job ${job.endsAt > upStartedAt ? "still running" : "already ended"} when it started); recovery done ${seconds(Date.now() - t0)} after runner A started; requests ${JSON.stringify(d)}`,
        );
        expect(up.output, "runner B's up replaces nothing").to.not.match(/replace/);
        const resumed = up.output.match(RESUMING);
        if (refreshedStatus !== "SUCCESS") {
            expect(resumed, `runner B's resume line in:\n${up.output}`).to.not.equal(null);
            expect(resumed![1], "the resumed job").to.equal(jobId);
            console.log(`      runner B: "${resumed![0]}"`);
        }
        expect(up.output, "runner B sent nothing").to.not.match(ACCEPTED);
        expect(writeCalls(delta(before)), "write calls of runner B's whole recovery").to.deep.equal(NO_WRITES);
        expect(sslAccepted(id), "ssl calls accepted on the instance in total").to.equal(1);
        expect(
            jobsOn(id).map((j) => j.jobId),
            "the jobs DCS has for the instance",
        ).to.deep.equal([jobId]);
        expect(sim.instance(id)?.enableSsl, "the instance's SSL flag").to.equal(true);

        const { dcsJobs } = await b.outputs(stack);
        expect(dcsJobs[NAME]).to.include({ jobId, status: "SUCCESS" });
        ({ deployment } = await b.exportStack(stack));
        expect(pending(deployment), "pending operations at the end").to.deep.equal([]);
        const adopted = resource(deployment, NAME)!;
        expect(adopted.id).to.equal(jobId);
        expect(adopted.outputs).to.include({ jobId, status: "SUCCESS", jobType: "modifySslJob", __intentId: intentId, method: "PUT", instanceId: id });
        expect(adopted.initErrors ?? []).to.deep.equal([]);
        expect(resource(deployment, `${NAME}-intent`)?.outputs?.intentId, "intent kept").to.equal(intentId);
        expect(
            b.journal().map((e) => e.file),
            "runner B's journal once state holds the result",
        ).to.deep.equal([]);

        // The next up, on runner B and on runner A back with its stale journal entry: nothing to do.
        for (const [label, cli] of [
            ["runner B", b],
            ["runner A", runners.find((r) => r.label === `runner A (${stack})`)!.cli],
        ] as const) {
            const quiet = sim.counters();
            const noop = await cli.up(stack);
            expect(noop.output, `${label}: second up`).to.not.match(/DcsJob \S+ (creat|updat|replac)/);
            expect(noop.output, `${label}: second up`).to.match(/3 unchanged/);
            expect(writeCalls(delta(quiet)), `${label}: write calls of the second up`).to.deep.equal(NO_WRITES);
        }
        expect(sslAccepted(id)).to.equal(1);
    });

    it("c. cancel + refresh --clear-pending-creates + up refuses (not sent again; one ssl call); changed `triggers` then sends exactly one more call: 2 in total, a new job, SUCCESS", async () => {
        const stack = "dcsjob-resent";
        const { id, jobId, intentId, b } = await killOnA(stack);
        const before = sim.counters();

        await b.refresh(stack, ["--clear-pending-creates"]);
        const { deployment } = await b.exportStack(stack);
        expect(pending(deployment), "pending operations after refresh --clear-pending-creates").to.deep.equal([]);
        await refusedUp(b, stack, id);
        expect(delta(before).ssl ?? 0, "ssl requests of runner B so far").to.equal(0);

        // Only once the first job ended: a busy instance would make the provider retry (each a request).
        await until(`job ${jobId} ended on the simulator`, () => jobsOn(id).find((j) => j.jobId === jobId)?.status === "SUCCESS", JOB_MS + 10_000);
        await b.setConfig(stack, { dcsJobs: JSON.stringify([sslJob(id, ["resend-1"])]) });
        const resend = sim.counters();
        const up = await b.up(stack);
        const d = delta(resend);
        console.log(`      runner B: re-sent with new triggers, up ${seconds(up.durationMs)}; requests ${JSON.stringify(d)}`);
        const accepted = up.output.match(ACCEPTED);
        expect(accepted, `the new call's accepted line in:\n${up.output}`).to.not.equal(null);
        const newJobId = accepted![2];
        expect(newJobId, "a new job").to.not.equal(jobId);
        expect(d.ssl ?? 0, "ssl requests of the re-send").to.equal(1);
        expect(sslAccepted(id), "ssl calls accepted in total").to.equal(2);
        expect(
            jobsOn(id).map((j) => j.jobId),
            "the jobs DCS has for the instance",
        ).to.deep.equal([jobId, newJobId]);

        const { dcsJobs } = await b.outputs(stack);
        expect(dcsJobs[NAME]).to.include({ jobId: newJobId, status: "SUCCESS" });
        const after = (await b.exportStack(stack)).deployment;
        expect(pending(after), "pending operations at the end").to.deep.equal([]);
        const newIntent = resource(after, `${NAME}-intent`)?.outputs?.intentId;
        expect(newIntent, "changed triggers record a new intent").to.be.a("string").and.not.equal(intentId);
        expect(resource(after, NAME)?.outputs).to.include({ jobId: newJobId, status: "SUCCESS", __intentId: newIntent });

        const quiet = sim.counters();
        const noop = await b.up(stack);
        expect(noop.output).to.not.match(/DcsJob \S+ (creat|updat|replac)/);
        expect(writeCalls(delta(quiet)), "write calls of the next up").to.deep.equal(NO_WRITES);
        expect(sslAccepted(id)).to.equal(2);
    });
});
