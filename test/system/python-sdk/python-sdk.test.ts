// Keeps the simulator honest: the official Huawei Cloud Python SDK for DCS (a client we did not
// write, pinned in requirements.txt) is pointed at it. The SDK must get its AK/SK signatures
// accepted and its models must parse our answers; any disagreement is a simulator bug unless the
// SDK contradicts the API reference (see FINDINGS.md for which side we follow).
//
// The test installs what it needs: a venv in a cache dir outside the clone, keyed by a hash of
// requirements.txt and the Python version, built on first use (pip install from PyPI).
import { expect } from "chai";
import { join } from "node:path";
import { runProcess } from "../../support/packed-project";
import { Venv, ensureVenv } from "../../support/python-venv";
import { FRIENDLY_TASK_LISTING, RunningSimulator, startSimulator } from "../../../simulator";

const REQUIREMENTS = join(__dirname, "requirements.txt");
const SCRIPT = join(__dirname, "sdk_client.py");

const HAPPY = "5a1e0000-0000-4000-8000-000000000001";
const FAILING = "5a1e0000-0000-4000-8000-000000000002";
const SYNC = "5a1e0000-0000-4000-8000-000000000003";
const WRONG_SK = "5a1e0000-0000-4000-8000-000000000004";
const THROTTLED = "5a1e0000-0000-4000-8000-000000000005";
const ROLE: Record<string, string> = { [HAPPY]: "happy", [FAILING]: "failing", [SYNC]: "sync", [WRONG_SK]: "wrong SK", [THROTTLED]: "throttled" };
const FAIL_REASON = "simulated failure: master/standby sync lost (python-sdk test)";

/** Fields our answers carry that the pinned SDK's models do not declare (it drops them). FINDINGS.md says why we keep each. */
const KNOWN_NOT_IN_MODEL: Record<string, string[]> = {
    ShowInstance: ["task"],
    ListBackgroundTask: ["tasks[*].error_code", "tasks[*].job_id"],
};

interface SdkError {
    exception: string;
    status_code?: number;
    error_code?: string;
    error_msg?: string;
    request_id?: string;
}
interface OpRecord {
    operation: string;
    label: string | null;
    instance_id: string;
    ok: boolean;
    http_status: number | null;
    expect_error?: string | null;
    skipped?: string;
    model?: Record<string, any>;
    python_types?: Record<string, string>;
    raw?: any;
    type_issues?: { mismatches: { field: string; declared: string; json: string }[]; not_in_model: string[] };
    sdk_warnings?: string[];
    signed_headers?: string | null;
    error?: SdkError;
    polls?: number;
    statuses_seen?: string[];
    first_non_terminal?: { model: Record<string, any>; python_types: Record<string, string>; raw: any } | null;
    requested_enable?: boolean;
}
interface SdkRun {
    sdk: Record<string, string>;
    operations: OpRecord[];
    summary: { ok: number; errors: number; skipped: number };
}

/** The SDK venv: requirements.txt pinned, built once outside the clone (test/support/python-venv.ts). */
const ensureSdkVenv = () => ensureVenv({ requirements: REQUIREMENTS, modules: ["huaweicloudsdkdcs", "huaweicloudsdkcore"] });

async function runSdk(
    venv: Venv,
    sim: RunningSimulator,
    args: string[],
    secretKey = sim.credentials.secretKey,
): Promise<{ run: SdkRun; stdout: string; ms: number }> {
    const env: NodeJS.ProcessEnv = { ...process.env, OS_SECRET_KEY: secretKey, PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" };
    delete env.DCS_INSTANCE_IDS;
    delete env.DCS_SYNC_SWAP_INSTANCE_IDS;
    const proc = await runProcess(venv.python, [SCRIPT, "--endpoint", sim.url, "--project-id", sim.projectId, "--ak", sim.credentials.accessKey, ...args], {
        env,
        timeoutMs: 120_000,
    });
    if (proc.code !== 0) throw new Error(`sdk_client.py exited ${proc.code}:\n${proc.stderr}\n${proc.stdout}`);
    const lines = proc.stdout.trim().split("\n");
    expect(lines, "exactly one JSON object on stdout").to.have.length(1);
    return { run: JSON.parse(lines[0]) as SdkRun, stdout: proc.stdout, ms: proc.ms };
}

function find(run: SdkRun, instanceId: string, operation: string, label?: string | null): OpRecord {
    const found = run.operations.filter((r) => r.instance_id === instanceId && r.operation === operation && (label === undefined || r.label === label));
    expect(found, `${operation}${label ? ` (${label})` : ""} on ${ROLE[instanceId] ?? instanceId}`).to.have.length(1);
    return found[0];
}

function describeResult(r: OpRecord): string {
    if (r.skipped) return `skipped: ${r.skipped}`;
    if (r.ok) return `ok ${r.http_status}`;
    const e = r.error;
    const what = `${e?.exception ?? "error"} ${e?.status_code ?? ""} ${e?.error_code ?? ""}`.replace(/\s+/g, " ").trim();
    return r.expect_error && e?.error_code === r.expect_error ? `expected ${what}` : what;
}

function notes(r: OpRecord): string {
    const parts: string[] = [];
    if (r.statuses_seen?.length) parts.push(`${r.statuses_seen.join(">")} in ${r.polls} polls`);
    if (r.operation === "ShowJobInfo" && r.ok && r.model?.status === "FAIL") parts.push(`fail_reason parsed`);
    const dropped = [...new Set((r.type_issues?.not_in_model ?? []).map((f) => f.replace(/\[\d+\]/g, "[*]")))];
    if (dropped.length) parts.push(`SDK drops ${dropped.join(", ")}`);
    if (r.type_issues?.mismatches.length) parts.push(`TYPE MISMATCH ${r.type_issues.mismatches.map((m) => m.field).join(", ")}`);
    if (r.sdk_warnings?.length) parts.push(`warnings: ${r.sdk_warnings.join("; ")}`);
    return parts.join("; ");
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    return rows
        .map((row) =>
            row
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

describe("reliability: the official Huawei Cloud Python SDK against the simulator", function () {
    let venv: Venv;
    let sim: RunningSimulator;
    let main: SdkRun;
    let mainStdout: string;
    let mainMs: number;
    const extraRows: OpRecord[] = [];

    before(async function () {
        // venv + pip install from PyPI takes ~10 s to a minute the first time; seconds after.
        this.timeout(600_000);
        venv = await ensureSdkVenv();
        // Long enough that even a loaded machine's first poll sees the job unfinished.
        // The SDK compatibility check reads the list right after the jobs: list new tasks at once.
        sim = await startSimulator({ defaultScenario: { jobInitMs: 100, jobDurationMs: 600 }, ...FRIENDLY_TASK_LISTING });
        sim.setInstance(FAILING, { failReason: FAIL_REASON });
        const result = await runSdk(venv, sim, ["--instance", HAPPY, "--instance", FAILING, "--sync-swap-instance", SYNC, "--job-timeout", "20"]);
        main = result.run;
        mainStdout = result.stdout;
        mainMs = result.ms;
    });

    after(async function () {
        if (main) {
            const rows = [["operation", "label", "instance", "result", "notes"]];
            for (const r of [...main.operations, ...extraRows]) {
                rows.push([r.operation, r.label ?? "", ROLE[r.instance_id] ?? r.instance_id, describeResult(r), notes(r)]);
            }
            console.log(
                `\n    Compatibility: huaweicloudsdkdcs ${main.sdk.huaweicloudsdkdcs} / huaweicloudsdkcore ${main.sdk.huaweicloudsdkcore}` +
                    ` (Python ${main.sdk.python}) vs simulator ${sim?.url}`,
            );
            console.log(`    venv ${venv.created ? "built" : "reused"} in ${venv.ms} ms (${venv.dir}); main SDK run ${mainMs} ms`);
            console.log(table(rows).replace(/^/gm, "    "));
        }
        await sim?.stop();
    });

    it("prints one JSON object with the pinned SDK versions and never the SK", () => {
        expect(main.sdk).to.include({ huaweicloudsdkcore: "3.1.219", huaweicloudsdkdcs: "3.1.219" });
        expect(mainStdout).not.to.include(sim.credentials.secretKey);
        expect(main.summary.skipped).to.equal(0);
    });

    it("every SDK call is authenticated: the simulator verifies the SDK's AK/SK signatures", () => {
        for (const r of main.operations) {
            expect(r.error?.error_code, `${r.operation} ${r.label ?? ""}`).not.to.match(/^APIG\./);
            // The SDK signs every header it sends but Authorization, Content-Type included even on GETs.
            expect(r.signed_headers).to.equal("content-type;host;user-agent;x-project-id;x-sdk-date");
        }
        const unexpected = main.operations.filter((r) => !r.ok && !r.expect_error);
        expect(unexpected.map((r) => `${r.operation} ${r.label}: ${JSON.stringify(r.error)}`)).to.deep.equal([]);
        expect(sim.counters().responses).not.to.have.property("401");
    });

    it("the SDK's models type every field of our answers as declared; only known fields are dropped", () => {
        for (const r of main.operations.filter((o) => o.ok)) {
            const where = `${r.operation} ${r.label ?? ""}`;
            // task_count is documented as a string but the reference's example (and the simulator) send a number.
            const mismatches = (r.type_issues?.mismatches ?? []).filter((m) => !(m.field === "task_count" && m.declared === "str" && m.json === "number"));
            expect(mismatches, where).to.deep.equal([]);
            expect(r.sdk_warnings, where).to.deep.equal([]);
            const dropped = [...new Set(r.type_issues!.not_in_model.map((f) => f.replace(/\[\d+\]/g, "[*]")))].sort();
            const known = KNOWN_NOT_IN_MODEL[r.operation] ?? [];
            expect(
                dropped.filter((f) => !known.includes(f)),
                `${where}: fields the SDK does not know (justify in FINDINGS.md)`,
            ).to.deep.equal([]);
        }
    });

    it("ShowInstance parses, and shows the flipped transparent_client_ip_enable after the change", () => {
        const before = find(main, HAPPY, "ShowInstance", "before");
        expect(before.model).to.include({ instance_id: HAPPY, status: "RUNNING", cache_mode: "ha", engine: "Redis", transparent_client_ip_enable: true });
        expect(before.python_types).to.include({ transparent_client_ip_enable: "bool", enable_ssl: "bool", status: "str" });
        expect(before.model!.features).to.deep.include({ support_transparent_client_ip: true });
        const cip = find(main, HAPPY, "UpdateClientIpTransparentTransmission");
        expect(cip.requested_enable).to.equal(false);
        const after = find(main, HAPPY, "ShowInstance", "after clientIp");
        expect(after.model!.transparent_client_ip_enable).to.equal(false);
        expect(sim.instance(HAPPY)!.transparentClientIpEnable).to.equal(false);
    });

    for (const [label, trigger, jobType] of [
        ["modifyClientIpTransJob", "UpdateClientIpTransparentTransmission", "modifyClientIpTransJob"],
        ["masterStandbySwapJob", "ChangeMasterStandbyAsync", "masterStandbySwapJob"],
    ] as const) {
        it(`${trigger} returns a job_id that ShowJobInfo follows to SUCCESS (${jobType}), typed as the SDK declares`, () => {
            const triggered = find(main, HAPPY, trigger);
            expect(triggered.http_status).to.equal(200);
            expect(triggered.model!.job_id).to.match(/^[0-9a-f]{32}$/);
            const job = find(main, HAPPY, "ShowJobInfo", label);
            const held = sim.jobs().find((j) => j.jobId === triggered.model!.job_id)!;
            expect(held, "the simulator holds the job").not.to.equal(undefined);
            expect(job.model).to.deep.equal({
                job_id: held.jobId,
                job_type: jobType,
                status: "SUCCESS",
                begin_time: String(held.createdAt),
                end_time: String(held.endsAt),
                fail_reason: null,
            });
            expect(held).to.include({ jobType, status: "SUCCESS", instanceId: HAPPY });
            // begin_time/end_time are epoch-ms strings on the wire and str in the SDK.
            expect(job.python_types).to.include({ begin_time: "str", end_time: "str", status: "str", fail_reason: "NoneType" });
            // In order, ending in SUCCESS; a slow poll may miss INIT (or RUNNING), never both.
            expect(["INIT,RUNNING,SUCCESS", "INIT,SUCCESS", "RUNNING,SUCCESS"]).to.include(job.statuses_seen!.join(","));
            // A running job's end_time is "" on the wire; the SDK keeps it as "" (not None).
            expect(job.first_non_terminal!.model.end_time).to.equal("");
            expect(job.first_non_terminal!.python_types.end_time).to.equal("str");
        });
    }

    it("the simulator counted exactly one swap effect and one clientIp effect for the happy instance", () => {
        expect(sim.counters().perInstance[HAPPY]).to.deep.equal({ swaps: 1, clientIpChanges: 1, sslChanges: 0 });
        expect(sim.instance(HAPPY)).to.include({ swapCount: 1, master: "node-b", transparentClientIpEnable: false });
    });

    it("a FAIL job's fail_reason is parsed, and the failed jobs change nothing", () => {
        for (const label of ["modifyClientIpTransJob", "masterStandbySwapJob"]) {
            const job = find(main, FAILING, "ShowJobInfo", label);
            expect(job.ok).to.equal(true);
            expect(job.model).to.include({ status: "FAIL", fail_reason: FAIL_REASON, job_type: label });
            expect(job.python_types!.fail_reason).to.equal("str");
            expect(job.model!.end_time).to.match(/^\d{13}$/);
        }
        expect(find(main, FAILING, "ShowInstance", "after clientIp").model!.transparent_client_ip_enable).to.equal(true);
        expect(sim.instance(FAILING)).to.include({ swapCount: 0, transparentClientIpEnable: true });
    });

    it("ListBackgroundTask parses both tasks; the SDK model has no job_id/error_code (dropped)", () => {
        const list = find(main, HAPPY, "ListBackgroundTask", "after jobs");
        expect(Number(list.model!.task_count)).to.equal(2);
        const tasks = list.model!.tasks as Record<string, unknown>[];
        expect(tasks.map((t) => t.name)).to.have.members(["masterStandbySwapJob", "modifyClientIpTransJob"]);
        for (const t of tasks) {
            expect(t).to.include({ status: "SUCCESS", enable_show: true });
            expect(t.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            expect(t).not.to.have.property("job_id");
        }
        const rawJobIds = (list.raw.tasks as { job_id?: string }[]).map((t) => t.job_id).sort();
        expect(rawJobIds).to.deep.equal(
            sim
                .jobs()
                .filter((j) => j.instanceId === HAPPY)
                .map((j) => j.jobId)
                .sort(),
        );
    });

    it("ChangeMasterStandby (sync swap) answers 204 with an empty model; its task ends SUCCESS without a job_id", () => {
        const swap = find(main, SYNC, "ChangeMasterStandby");
        expect(swap).to.include({ ok: true, http_status: 204 });
        expect(swap.model).to.deep.equal({});
        expect(swap.raw).to.equal(null);
        const tasks = find(main, SYNC, "ListBackgroundTask", "sync swap task");
        expect(tasks.statuses_seen!.at(-1)).to.equal("SUCCESS");
        expect(tasks.raw.tasks[0]).to.include({ name: "masterStandbySwapJob", status: "SUCCESS" }).and.not.to.have.property("job_id");
        expect(sim.counters().perInstance[SYNC]).to.deep.equal({ swaps: 1, clientIpChanges: 0, sslChanges: 0 });
        expect(sim.instance(SYNC)).to.include({ swapCount: 1, master: "node-b" });
    });

    it("an unknown job surfaces as the SDK's ClientRequestException 404 DCS.4001 with our X-Request-Id", () => {
        const r = find(main, HAPPY, "ShowJobInfo", "unknown job");
        expect(r.error).to.include({
            exception: "ClientRequestException",
            status_code: 404,
            error_code: "DCS.4001",
            error_msg: "The requested URL does not exist.",
        });
        expect(r.error!.request_id).to.match(/^[0-9a-f-]{36}$/);
    });

    it("a wrong SK gets the simulator's 401 APIG.0301 on every operation, as the SDK's exception, with no effect", async function () {
        this.timeout(120_000);
        const effectsBefore = sim.counters().effects;
        const { run, stdout } = await runSdk(
            venv,
            sim,
            ["--instance", WRONG_SK, "--only", "show_instance,client_ip,async_swap,sync_swap,show_job,list_tasks"],
            "wrong-secret-key-for-the-sdk-test",
        );
        extraRows.push(...run.operations);
        expect(stdout).not.to.include("wrong-secret-key-for-the-sdk-test");
        expect(run.operations.map((r) => r.operation)).to.deep.equal([
            "ShowInstance",
            "UpdateClientIpTransparentTransmission",
            "ChangeMasterStandbyAsync",
            "ChangeMasterStandby",
            "ShowJobInfo",
            "ListBackgroundTask",
        ]);
        for (const r of run.operations) {
            expect(r.ok, r.operation).to.equal(false);
            expect(r.error, r.operation).to.include({ exception: "ClientRequestException", status_code: 401, error_code: "APIG.0301" });
            expect(r.error!.error_msg).to.include("verify aksk signature fail");
        }
        expect(sim.counters().effects).to.deep.equal(effectsBefore);
        expect(sim.counters().perInstance).not.to.have.property(WRONG_SK);
    });

    it('throttling: the SDK keeps APIG.0308 for POST but turns a GET/PUT 429 into error_code "429" (SDK behaviour)', async function () {
        this.timeout(120_000);
        // One token, refilled every 10 s: the first call passes, the next three are throttled.
        sim.setRateLimit({ requestsPerSecond: 0.1 });
        const throttledBefore = sim.counters().throttled;
        try {
            const { run } = await runSdk(venv, sim, ["--instance", THROTTLED, "--only", "show_instance,show_instance,async_swap,sync_swap"]);
            for (const r of run.operations) r.label = r.label ?? "rate limit 0.1/s";
            extraRows.push(...run.operations);
            const [first, get, put, post] = run.operations;
            expect(first.ok).to.equal(true);
            // urllib3's Retry(total=0, status_forcelist=[429]) in the SDK's HTTPAdapter raises for
            // retryable methods (GET, PUT) before the body is read: the gateway's code is lost.
            for (const r of [get, put]) {
                expect(r.error, r.operation).to.include({ exception: "ClientRequestException", status_code: 429, error_code: "429" });
                expect(r.error!.error_msg).to.include("too many 429 error responses");
            }
            // POST is not retryable for urllib3: the answer reaches the SDK's error parser.
            expect(post.error).to.include({ exception: "ClientRequestException", status_code: 429, error_code: "APIG.0308" });
            expect(sim.counters().throttled - throttledBefore).to.equal(3);
            expect(sim.counters().perInstance).not.to.have.property(THROTTLED);
        } finally {
            sim.setRateLimit(undefined);
        }
    });
});
