import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DcsApiError, DcsClient, DcsResponseError } from "../provider";
import { FaultSpec, RunningSimulator, startSimulator } from "../simulator";

/**
 * Contract tests: the OTC API reference's own response examples (test/fixtures/, see its README),
 * served byte for byte by the simulator's "canned" fault and read back through the real client.
 */
const FIXTURES = join(__dirname, "fixtures");
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), "utf8");

/** The instance and job ids of the OTC examples. */
const INSTANCE = "5560df16-cebf-4473-95c4-d1b573c16e79";
const JOB = "ff8080818822bbf70188235afc24141a";

/** Re-applies the corrections listed in the fixtures README to the published ShowInstance text. */
function correctShowInstance(published: string): string {
    const lines = published.split("\n");
    const from = lines.findIndex((l) => l.startsWith('  "inquery_spec_code" : '));
    const to = lines.findIndex((l) => l.startsWith('  "proxy_links" : '));
    return lines.map((line, i) => (i >= from && i < to ? `${line},` : line).replace('"task" : BACKUPING', '"task" : "BACKUPING"')).join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
        (value) => {
            throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
        },
        (error: unknown) => error,
    );
}

/** The fields of a DcsApiError a contract is about. */
async function apiErrorOf(promise: Promise<unknown>): Promise<Pick<DcsApiError, "status" | "errorCode" | "errorMsg" | "errorClass">> {
    const error = await rejection(promise);
    expect(error).to.be.instanceOf(DcsApiError);
    const { status, errorCode, errorMsg, errorClass } = error as DcsApiError;
    return { status, errorCode, errorMsg, errorClass };
}

describe("contract: OTC reference examples through the simulator and DcsClient", function () {
    this.timeout(20_000);
    let sim: RunningSimulator;
    let client: DcsClient;
    const fastRetry = { baseDelayMs: 20, throttleBaseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 1500 };

    before(async () => {
        sim = await startSimulator({ port: 0 });
        client = new DcsClient({ endpoint: sim.url, projectId: sim.projectId, credentials: sim.credentials, retry: fastRetry, env: {} });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const serve = (operation: FaultSpec["operation"], name: string, status: number, extra: Partial<FaultSpec> = {}) =>
        sim.addFaults({ operation, kind: "canned", status, body: fixture(name), ...extra });

    describe("the fixture files", () => {
        const JSON_FIXTURES = [
            "show-job.200.json",
            "show-job.400.json",
            "list-background-tasks.200.json",
            "show-instance.json",
            "sync-swap.400.json",
            "dcs-4001.404.json",
            "apig-0101.404.json",
            "legacy-error.400.json",
        ];
        const OTHER = ["show-instance.published.txt", "nodes-status.job-id.txt", "README.md"];

        it("are exactly the listed ones, each named in the README", () => {
            expect(readdirSync(FIXTURES).sort()).to.deep.equal([...JSON_FIXTURES, ...OTHER].sort());
            const readme = fixture("README.md");
            for (const name of [...JSON_FIXTURES, ...OTHER.slice(0, 2)]) expect(readme, name).to.contain(`| \`${name}\` |`);
        });

        for (const name of JSON_FIXTURES) {
            it(`${name} is valid JSON`, () => {
                expect(() => JSON.parse(fixture(name))).not.to.throw();
            });
        }

        it("the published ShowInstance example is not JSON, and the corrected one is it with the README's corrections only", () => {
            const published = fixture("show-instance.published.txt");
            expect(() => JSON.parse(published)).to.throw(SyntaxError);
            expect(published).to.contain('"task" : BACKUPING\n');
            expect(fixture("show-instance.json")).to.equal(correctShowInstance(published));
        });

        it("the nodes/status reply is plain text job_id:<id>", () => {
            expect(fixture("nodes-status.job-id.txt")).to.equal(`job_id:${JOB}`);
        });

        it("hold the documented values", () => {
            expect(JSON.parse(fixture("show-job.200.json"))).to.deep.equal({
                job_id: JOB,
                job_type: "masterStandbySwapJob",
                status: "SUCCESS",
                begin_time: "1684191545379",
                end_time: "1684191548248",
                fail_reason: null,
            });
            expect(JSON.parse(fixture("show-job.400.json"))).to.deep.equal({ error_code: "111400063", error_msg: "Invalid {0} parameter in the request." });
            expect(JSON.parse(fixture("sync-swap.400.json"))).to.deep.equal({
                error_msg: "Master standby swap is not supported.",
                error_code: "DCS.4855",
                error_ext_msg: null,
            });
            expect(JSON.parse(fixture("legacy-error.400.json"))).to.deep.equal({
                error: { code: "111400086", message: "only master standby instance is support this action" },
            });
            const tasks = JSON.parse(fixture("list-background-tasks.200.json"));
            expect(tasks.task_count).to.equal(1);
            expect(tasks.tasks[0]).not.to.have.any.keys("job_id", "error_code");
        });
    });

    it("ShowJobInfo 200: epoch-ms strings become numbers, a null fail_reason becomes undefined", async () => {
        serve("showJob", "show-job.200.json", 200);
        expect(await client.showJob(JOB)).to.deep.equal({
            jobId: JOB,
            jobType: "masterStandbySwapJob",
            status: "SUCCESS",
            beginTime: 1684191545379,
            endTime: 1684191548248,
            failReason: undefined,
        });
    });

    it("ShowJobInfo 400: a permanent DcsApiError with the unsubstituted message", async () => {
        serve("showJob", "show-job.400.json", 400);
        expect(await apiErrorOf(client.showJob(JOB))).to.deep.equal({
            status: 400,
            errorCode: "111400063",
            errorMsg: "Invalid {0} parameter in the request.",
            errorClass: "permanent",
        });
        expect(sim.counters().requests.showJob, "not retried").to.equal(1);
    });

    it("ListBackgroundTask 200: a numeric task_count, a task without job id", async () => {
        serve("listTasks", "list-background-tasks.200.json", 200);
        const page = await client.listBackgroundTaskPage(INSTANCE);
        expect(page.total).to.equal(1);
        expect(page.tasks).to.have.length(1);
        const [task] = page.tasks;
        expect(task).to.include({
            id: "8abf6e1e72c12e7c0172c15b508500aa",
            name: "EXTEND",
            status: "SUCCESS",
            createdAt: Date.UTC(2020, 5, 17, 8, 18, 6, 597),
            updatedAt: Date.UTC(2020, 5, 17, 8, 18, 10, 106),
        });
        expect(task.jobId).to.equal(undefined);
        expect(task.errorCode).to.equal(undefined);
    });

    it("ShowInstance 200 (corrected): ha, RUNNING, task BACKUPING, pass-through on", async () => {
        serve("showInstance", "show-instance.json", 200);
        expect(await client.showInstance(INSTANCE)).to.include({
            instanceId: "a4c545cd-10b2-4efc-b0ab-a9b554ca0621",
            name: "dcs-billing",
            cacheMode: "ha",
            status: "RUNNING",
            task: "BACKUPING",
            engine: "Redis",
            engineVersion: "5.0",
            transparentClientIpEnable: true,
            // What the preflight reads: the feature flag under `features`, and SSL.
            supportsClientIpPassthrough: true,
            sslEnabled: false,
        });
    });

    it("ShowInstance 200 as published (not JSON): a typed DcsResponseError, not a crash", async () => {
        serve("showInstance", "show-instance.published.txt", 200);
        const error = await rejection(client.showInstance(INSTANCE));
        expect(error).to.be.instanceOf(DcsResponseError);
        expect(error).to.include({ operation: "showInstance", status: 200, problem: "is not a JSON object" });
        expect((error as Error).message).to.match(/^DCS showInstance answered HTTP 200, but the body is not a JSON object/);
    });

    it("sync swap 400 DCS.4855: permanent, not retried, nothing swapped", async () => {
        serve("syncSwap", "sync-swap.400.json", 400);
        expect(await apiErrorOf(client.swapMasterStandbySync(INSTANCE))).to.deep.equal({
            status: 400,
            errorCode: "DCS.4855",
            errorMsg: "Master standby swap is not supported.",
            errorClass: "permanent",
        });
        expect(sim.counters().requests.syncSwap).to.equal(1);
        expect(sim.counters().effects.swaps).to.equal(0);
    });

    it("legacy v1 error shape: error.code / error.message", async () => {
        serve("syncSwap", "legacy-error.400.json", 400);
        expect(await apiErrorOf(client.swapMasterStandbySync(INSTANCE))).to.deep.equal({
            status: 400,
            errorCode: "111400086",
            errorMsg: "only master standby instance is support this action",
            errorClass: "permanent",
        });
    });

    it("DCS backend 404 DCS.4001 (no such URL): not-found", async () => {
        serve("showJob", "dcs-4001.404.json", 404);
        expect(await apiErrorOf(client.showJob(JOB))).to.deep.equal({
            status: 404,
            errorCode: "DCS.4001",
            errorMsg: "The requested URL does not exist.",
            errorClass: "not-found",
        });
    });

    it("gateway 404 APIG.0101 on the async swap: not-found, nothing swapped", async () => {
        serve("asyncSwap", "apig-0101.404.json", 404);
        expect(await apiErrorOf(client.swapMasterStandby(INSTANCE))).to.deep.equal({
            status: 404,
            errorCode: "APIG.0101",
            errorMsg: "API does not exist or is not published in the environment.",
            errorClass: "not-found",
        });
        expect(sim.counters().effects.swaps).to.equal(0);
    });

    it("nodes/status answers plain text job_id:<id>: triggerJob parses the job id", async () => {
        // The simulator does not route nodes/status: without the canned answer it is 404 APIG.0101.
        serve("any", "nodes-status.job-id.txt", 200, { path: "/instances/[^/]+/nodes/status$", contentType: "text/plain" });
        const result = await client.triggerJob({
            method: "PUT",
            path: `/instances/${INSTANCE}/nodes/status`,
            body: { action: "restart", node_ids: ["node-a"] },
            instanceId: INSTANCE,
        });
        expect(result).to.include({ jobId: JOB, noChange: false, attempts: 1 });
        // The simulator has no such job to poll (nodes/status is not simulated): the contract ends here.
    });
});
