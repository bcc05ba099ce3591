import { expect } from "chai";
import { randomUUID } from "crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AmbiguousTriggerError, DcsApiError, DcsClient, waitForJob } from "../../provider";
import { Clock, systemClock, TriggerEvent, wallNow } from "../../provider/dcs";
import * as runtime from "../../provider/resources/runtime";
import { ResourceInitError } from "../../provider/resources/runtime";
import { useRuntimeClock } from "../../provider/resources/runtime/clock";
import { FAULT_KINDS, FaultKind, FaultSpec, InstanceScenario, RequestLogEntry, RunningSimulator, startSimulator } from "../../simulator";
import { LoopClock } from "../support/virtual-clock";

/**
 * Every fault the simulator injects, in both phases of a swap: the trigger (`asyncSwap`) and the
 * poll (`showJob`). Each cell drives the REAL provider runtime (`runtime.create`) against the
 * simulator, except the "slow" cells that need a request timeout shorter than the runtime's fixed
 * 30 s: those run through `DcsClient` + `waitForJob` with `requestTimeoutMs` (the runtime has no
 * knob for it), and once more through the runtime with a 31 s answer (slower than its default).
 *
 * Cells run concurrently (one instance each; faults are scoped to the instance), in two rounds.
 * The "slow" cells first, on real time: what they test is a real timer (the simulator's slow answer
 * against the client's request timeout, both `setTimeout`), which no clock moves. Then every other
 * cell on virtual time (a `LoopClock` shared by the runtime and the simulator), so that the
 * ambiguous-trigger cells' fixed 30 s task-lookup grace before replaying takes milliseconds. The
 * cells of a round are independent (one instance each), so one cell's clock running ahead while
 * another waits for an answer only makes that answer late, as a slow network would.
 */
type Phase = "trigger" | "poll";
type Via = "runtime" | "client";

interface Attempt {
    ok: boolean;
    outs?: Record<string, unknown>;
    error?: any;
}

interface Observed extends Attempt {
    /** `runtime.update` after a partial failure (what the next `pulumi up` runs). */
    resumed?: Attempt;
    swaps: number;
    /** This instance's requests by operation, and by "operation status". */
    requests: Record<string, number>;
    answers: Record<string, number>;
    /** Progress lines (runtime) or trigger events (client) of this cell. */
    notes: string[];
    /** How long the cell ran: virtual ms on the virtual round, real ms for the "slow" cells. */
    ms: number;
}

interface Cell {
    fault: string;
    phase: Phase;
    via: Via;
    /** Scoped to the cell's instance; added before the run (client route, poll phase: once the job exists). */
    faults?: (id: string) => FaultSpec[];
    scenario?: Partial<InstanceScenario>;
    /** The assertions of this cell. */
    expect: (o: Observed) => void;
}

const POLL_POLICY = { firstDelayMs: 200, minDelayMs: 100, maxDelayMs: 300 };
const CLIENT_TIMEOUT_MS = 500;
const SLOW_FOR_CLIENT_MS = 1500;
/** Longer than the runtime's fixed (default) 30 s request timeout. */
const SLOW_FOR_RUNTIME_MS = 31_000;

const fault =
    (operation: "asyncSwap" | "showJob", kind: FaultKind, extra: Partial<FaultSpec> = {}) =>
    (id: string): FaultSpec[] => [{ operation, kind, instanceId: id, ...extra }];
const sends = (o: Observed) => (o.requests.asyncSwap ?? 0) + (o.requests.syncSwap ?? 0);
const adopted = (o: Observed) => o.notes.some((n) => /adopt/.test(n));
/** The cells that wait for a real timer (see the file's comment). */
const onRealTime = (cell: Cell) => (cell.faults?.("x") ?? []).some((f) => f.kind === "slow");

/** Success with exactly one swap, which is the invariant of every cell that succeeds. */
function succeeded(o: Observed): void {
    if (!o.ok) throw new Error(`expected success, got ${o.error?.name}: ${o.error?.message}`);
    // A sync swap DCS does not list has no job: the changed master is what proves it.
    expect(o.outs).to.include(o.outs?.apiUsed === "sync" ? { status: "SUCCESS", masterChanged: true } : { status: "SUCCESS", jobType: "masterStandbySwapJob" });
    expect(o.swaps).to.equal(1);
}

const triggerRetried = (o: Observed) => {
    succeeded(o);
    expect(sends(o), "not accepted, so sent again").to.equal(2);
};
const triggerReplayedAfterCleanLook = (o: Observed) => {
    succeeded(o);
    expect(adopted(o)).to.equal(false);
    expect(sends(o), "replayed once, after the task list showed it was not accepted").to.equal(2);
    expect(o.requests.listTasks, "looked for the task before replaying").to.be.at.least(2);
};
const triggerAdopted = (o: Observed) => {
    succeeded(o);
    expect(sends(o), "the accepted swap is adopted, never replayed").to.equal(1);
    expect(adopted(o), `notes: ${o.notes.join(" | ")}`).to.equal(true);
};
/** Nothing was sent; state keeps NOT_SENT so the next run identifies before it sends. */
/** `DcsClient` alone does not identify: it reports the ambiguity and never sends again (the lifecycle identifies). */
const clientReportsAmbiguous = (o: Observed) => {
    expect(o.ok).to.equal(false);
    expect(o.error).to.be.instanceOf(AmbiguousTriggerError);
    expect(sends(o), "never sent again").to.equal(1);
    expect(o.swaps).to.be.at.most(1);
};
const authFailedBeforeAnyJob = (o: Observed) => {
    expect(o.ok).to.equal(false);
    expect(o.error).to.be.instanceOf(ResourceInitError);
    expect(o.error.properties).to.include({ status: "NOT_SENT" });
    expect(o.error.cause).to.be.instanceOf(DcsApiError);
    expect(o.error.cause).to.include({ status: 401, errorCode: "APIG.0307", errorClass: "auth" });
    expect(o.error.message).to.contain("401").and.contain("APIG.0307").and.contain("[auth]");
};
/** The next `up` (update from NOT_SENT) identifies, finds nothing, and sends: one swap in all. */
const authFailedThenSentByNextUp = (o: Observed) => {
    authFailedBeforeAnyJob(o);
    expect(o.resumed?.ok, o.resumed?.error?.message).to.equal(true);
    expect(o.swaps).to.equal(1);
    expect(sends(o), "one send per `up`: an auth error is not retried within a run").to.equal(2);
};
/** Still refused on the next `up`: still NOT_SENT, never a swap. */
const authFailedTwice = (o: Observed) => {
    authFailedBeforeAnyJob(o);
    expect(o.resumed?.ok).to.equal(false);
    expect(o.resumed!.error.properties).to.include({ status: "NOT_SENT" });
    expect(o.swaps).to.equal(0);
    expect(sends(o), "one send per `up`: an auth error is not retried within a run").to.equal(2);
};
const pollSurvived = (answer: string) => (o: Observed) => {
    succeeded(o);
    expect(sends(o)).to.equal(1);
    expect(o.answers[answer] ?? 0, `the faulty answer (${answer}) was served`).to.be.at.least(1);
    expect(o.requests.showJob, "the faulty poll was followed by another").to.be.at.least(2);
};
/** A 401 while waiting ends the wait, but the job is kept as partial state for the next `up`. */
const keptAsPartial = (o: Observed) => {
    expect(o.ok).to.equal(false);
    expect(o.error).to.be.instanceOf(ResourceInitError);
    expect(o.error.message).to.contain("401").and.contain("APIG.0307");
    expect(o.error.properties).to.include({ jobId: o.error.id, apiUsed: "async" });
    expect(["INIT", "RUNNING"], "an in-flight status").to.include(o.error.properties.status);
    expect(o.swaps).to.equal(1);
    expect(sends(o)).to.equal(1);
};

const CELLS: Cell[] = [
    // ---- trigger phase: PUT async-swap --------------------------------------------------------
    { fault: "429", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "429"), expect: triggerRetried },
    { fault: "429-retry-after", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "429-retry-after"), expect: triggerRetried },
    { fault: "500", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "500"), expect: triggerReplayedAfterCleanLook },
    { fault: "502", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "502"), expect: triggerReplayedAfterCleanLook },
    { fault: "504", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "504"), expect: triggerReplayedAfterCleanLook },
    { fault: "reset-before", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "reset-before"), expect: triggerReplayedAfterCleanLook },
    { fault: "reset-after", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "reset-after"), expect: triggerAdopted },
    { fault: "slow", phase: "trigger", via: "client", faults: fault("asyncSwap", "slow", { delayMs: SLOW_FOR_CLIENT_MS }), expect: clientReportsAmbiguous },
    { fault: "slow 31s", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "slow", { delayMs: SLOW_FOR_RUNTIME_MS }), expect: triggerAdopted },
    { fault: "malformed-json", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "malformed-json"), expect: triggerAdopted },
    {
        // jobNotFoundMs only affects GET job; the trigger's own 404 is APIG.0101 (no async API).
        fault: "404",
        phase: "trigger",
        via: "runtime",
        scenario: { asyncSwapUnsupported: true },
        expect: (o) => {
            succeeded(o);
            expect(o.outs).to.include({ apiUsed: "sync" });
            expect(o.requests).to.include({ asyncSwap: 1, syncSwap: 1 });
        },
    },
    { fault: "401-token-expired", phase: "trigger", via: "runtime", faults: fault("asyncSwap", "401-token-expired"), expect: authFailedThenSentByNextUp },
    {
        fault: "401 persistent",
        phase: "trigger",
        via: "runtime",
        faults: fault("asyncSwap", "401-token-expired", { count: 1000 }),
        expect: authFailedTwice,
    },
    {
        fault: "busy",
        phase: "trigger",
        via: "runtime",
        faults: fault("asyncSwap", "busy"),
        expect: (o) => {
            triggerRetried(o);
            expect(o.requests.showInstance).to.be.at.least(1);
        },
    },

    // ---- poll phase: GET job ------------------------------------------------------------------
    { fault: "429", phase: "poll", via: "runtime", faults: fault("showJob", "429"), expect: pollSurvived("showJob 429") },
    { fault: "429-retry-after", phase: "poll", via: "runtime", faults: fault("showJob", "429-retry-after"), expect: pollSurvived("showJob 429") },
    { fault: "500", phase: "poll", via: "runtime", faults: fault("showJob", "500"), expect: pollSurvived("showJob 500") },
    { fault: "502", phase: "poll", via: "runtime", faults: fault("showJob", "502"), expect: pollSurvived("showJob 502") },
    { fault: "504", phase: "poll", via: "runtime", faults: fault("showJob", "504"), expect: pollSurvived("showJob 504") },
    { fault: "reset-before", phase: "poll", via: "runtime", faults: fault("showJob", "reset-before"), expect: pollSurvived("showJob reset") },
    { fault: "reset-after", phase: "poll", via: "runtime", faults: fault("showJob", "reset-after"), expect: pollSurvived("showJob reset") },
    {
        fault: "slow",
        phase: "poll",
        via: "client",
        faults: fault("showJob", "slow", { delayMs: SLOW_FOR_CLIENT_MS }),
        expect: (o) => {
            succeeded(o);
            expect(o.requests.showJob).to.be.at.least(2);
        },
    },
    {
        fault: "slow 31s",
        phase: "poll",
        via: "runtime",
        faults: fault("showJob", "slow", { delayMs: SLOW_FOR_RUNTIME_MS }),
        expect: (o) => {
            succeeded(o);
            expect(o.requests.showJob).to.be.at.least(2);
        },
    },
    {
        fault: "malformed-json",
        phase: "poll",
        via: "runtime",
        faults: fault("showJob", "malformed-json"),
        expect: (o) => {
            succeeded(o);
            expect(o.requests.showJob).to.be.at.least(2);
        },
    },
    { fault: "404", phase: "poll", via: "runtime", scenario: { jobNotFoundMs: 5000 }, expect: pollSurvived("showJob 404") },
    {
        fault: "401-token-expired",
        phase: "poll",
        via: "runtime",
        faults: fault("showJob", "401-token-expired"),
        expect: (o) => {
            keptAsPartial(o);
            // The next `pulumi up` (update with the partial state) resumes the same job: no second swap.
            expect(o.resumed?.ok, o.resumed?.error?.message).to.equal(true);
            expect(o.resumed!.outs).to.include({ status: "SUCCESS", jobId: o.error.id });
            expect(o.requests.asyncSwap).to.equal(1);
        },
    },
    {
        fault: "401 persistent",
        phase: "poll",
        via: "runtime",
        faults: fault("showJob", "401-token-expired", { count: 1000 }),
        expect: (o) => {
            keptAsPartial(o);
            // Still failing on the next `up`, clearly, and still holding the same job (nothing re-triggered).
            expect(o.resumed?.ok).to.equal(false);
            expect(o.resumed!.error).to.be.instanceOf(ResourceInitError);
            expect(o.resumed!.error.message).to.contain("APIG.0307");
            expect(o.resumed!.error.properties).to.include({ jobId: o.error.id });
            expect(["INIT", "RUNNING"]).to.include(o.resumed!.error.properties.status);
        },
    },
    {
        // A busy code answering a job read (unrealistic, but injectable): the waiter tolerates it
        // like a transient answer, since a busy instance says nothing about the job being gone.
        fault: "busy",
        phase: "poll",
        via: "runtime",
        faults: fault("showJob", "busy"),
        expect: (o) => {
            expect(o.ok, o.error?.message).to.equal(true);
            expect(o.outs).to.include({ status: "SUCCESS" });
            expect(o.swaps).to.equal(1);
        },
    },
];

describe("reliability: fault matrix (every simulator fault × trigger/poll) through the runtime", function () {
    this.timeout(60_000);
    let sim: RunningSimulator;
    let journal: string;
    const log: RequestLogEntry[] = [];
    const results = new Map<Cell, Observed>();
    const ids = new Map<Cell, string>();
    let realMs = 0;
    let virtualMs = 0;
    /** The clock of the round under way: the simulator reads it, and so does the runtime on the virtual round. */
    let clock: Clock = systemClock;
    let savedJournalDir: string | undefined;

    before(async function () {
        this.timeout(55_000);
        sim = await startSimulator({
            port: 0,
            defaultScenario: { jobInitMs: 100, jobDurationMs: 600 },
            onRequest: (e) => log.push(e),
            now: () => wallNow(clock),
        });
        journal = mkdtempSync(join(tmpdir(), "dcs-fault-matrix-"));
        savedJournalDir = process.env.DCS_JOBS_JOURNAL_DIR;
        process.env.DCS_JOBS_JOURNAL_DIR = journal;
        const config: Record<string, string> = {
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
            // 28 concurrent waiters poll every 100–300 ms; the default 20 req/s would only slow the matrix.
            "dcs:maxRequestsPerSecond": "500",
        };
        await runtime.configure({ config: { get: (key) => config[key] } });

        // Progress lines name the owner's last segment, which is the cell key: collect them per cell.
        const progress: string[] = [];
        const originalLog = console.log;
        console.log = (...args: unknown[]) => {
            const line = args.map(String).join(" ");
            if (line.startsWith("[dcs-jobs]")) progress.push(line);
            else originalLog(...args);
        };
        const round = (cells: Cell[]) =>
            Promise.all(
                cells.map(async (cell) => {
                    const id = randomUUID();
                    ids.set(cell, id);
                    if (cell.scenario) sim.setInstance(id, cell.scenario);
                    const key = `cell${CELLS.indexOf(cell)}`;
                    const t0 = clock.now();
                    const attempt = cell.via === "runtime" ? await viaRuntime(cell, id, key) : await viaClient(cell, id);
                    const notes = [...attempt.notes, ...progress.filter((l) => l.startsWith(`[dcs-jobs] ${key}:`))];
                    results.set(cell, { ...attempt, notes, ms: clock.now() - t0, swaps: 0, requests: {}, answers: {} });
                }),
            );
        try {
            // Real time first: the simulator's clock only ever moves forward (the virtual one starts at the real time).
            const started = Date.now();
            await round(CELLS.filter(onRealTime));
            realMs = Date.now() - started;
            const virtual = new LoopClock();
            clock = virtual;
            const restore = useRuntimeClock(virtual);
            try {
                await round(CELLS.filter((cell) => !onRealTime(cell)));
            } finally {
                restore();
                virtualMs = virtual.elapsed();
            }
        } finally {
            console.log = originalLog;
            clock = systemClock;
        }
        // Attribute every request to its instance (job reads through the job's instance).
        const jobInstance = new Map(
            sim
                .jobs()
                .filter((j) => j.jobId)
                .map((j) => [j.jobId!, j.instanceId]),
        );
        const counters = sim.counters();
        for (const [cell, observed] of results) {
            const id = ids.get(cell)!;
            observed.swaps = counters.perInstance[id]?.swaps ?? 0;
            for (const entry of log) {
                const jobId = /\/jobs\/([^/?]+)/.exec(entry.path)?.[1];
                if (!entry.path.includes(id) && !(jobId && jobInstance.get(jobId) === id)) continue;
                observed.requests[entry.operation] = (observed.requests[entry.operation] ?? 0) + 1;
                const answer = `${entry.operation} ${entry.status}`;
                observed.answers[answer] = (observed.answers[answer] ?? 0) + 1;
            }
        }
    });

    after(async () => {
        if (savedJournalDir === undefined) delete process.env.DCS_JOBS_JOURNAL_DIR;
        else process.env.DCS_JOBS_JOURNAL_DIR = savedJournalDir;
        if (journal) rmSync(journal, { recursive: true, force: true });
        await sim?.stop();
        if (results.size !== CELLS.length) return;
        const header = ["fault", "phase", "via", "outcome", "swaps", "trigger sends", "requests (this instance)", "ms"];
        const rows = CELLS.map((cell) => {
            const o = results.get(cell)!;
            const requests = Object.entries(o.requests)
                .sort()
                .map(([op, n]) => `${op}=${n}`)
                .join(" ");
            return [cell.fault, cell.phase, cell.via, outcome(o), String(o.swaps), String(sends(o)), requests, String(Math.round(o.ms))];
        });
        const realCells = CELLS.filter(onRealTime).length;
        console.log(
            `\nFault matrix (${CELLS.length} cells: ${realCells} "slow" cells concurrently on real time, ${realMs} ms; ` +
                `then ${CELLS.length - realCells} concurrently on virtual time, ${Math.round(virtualMs)} virtual ms; column ms is the cell's, on its round's clock):\n${table(header, rows)}`,
        );
        // The committed copy: no timings, no request counts that depend on poll timing.
        const dir = join(__dirname, "results");
        mkdirSync(dir, { recursive: true });
        const md = [
            "# Fault matrix",
            "",
            "Generated by `test/reliability/fault-matrix.test.ts` (do not edit by hand). Every fault the DCS",
            "simulator injects, in the trigger phase (`PUT …/async-swap`) and the poll phase (`GET …/jobs/{id}`)",
            "of a `MasterStandbySwap`, driven through the provider runtime (`runtime.create`; `runtime.update`",
            "after a partial failure, as the next `pulumi up` would). `via client`: `DcsClient` + `waitForJob` with",
            `\`requestTimeoutMs: ${CLIENT_TIMEOUT_MS}\` and a ${SLOW_FOR_CLIENT_MS} ms answer, because the runtime has no request-timeout`,
            `input (it always uses the client default, 30 s); \`slow 31s\` is the same fault against that default.`,
            "`swaps`: swaps DCS accepted for the resource's instance; `trigger sends`: swap requests sent",
            "(async + sync). Poll counts depend on timing and are only printed by the test run.",
            "",
            table(
                header.slice(0, 6),
                rows.map((r) => r.slice(0, 6)),
            ),
            "",
        ].join("\n");
        writeFileSync(join(dir, "fault-matrix.md"), md);
    });

    it("covers every fault kind the simulator can inject, in both phases", () => {
        for (const phase of ["trigger", "poll"] as Phase[]) {
            const kinds = new Set(CELLS.filter((c) => c.phase === phase).flatMap((c) => (c.faults?.("x") ?? []).map((f) => f.kind)));
            // FAULT_KINDS is the simulator's own list: a new fault kind fails here until it gets a cell.
            expect([...kinds].sort(), phase).to.deep.equal([...FAULT_KINDS].sort());
            expect(
                CELLS.some((c) => c.phase === phase && c.fault === "404"),
                `${phase} 404`,
            ).to.equal(true);
        }
    });

    it("never accepts two swaps for one resource, in any cell", () => {
        for (const cell of CELLS) expect(results.get(cell)!.swaps, `${cell.fault} × ${cell.phase}`).to.be.at.most(1);
    });

    for (const cell of CELLS) {
        it(`${cell.fault} × ${cell.phase} (${cell.via})`, () => cell.expect(results.get(cell)!));
    }

    async function viaRuntime(cell: Cell, id: string, key: string): Promise<Attempt & { notes: string[]; resumed?: Attempt }> {
        const inputs = { instanceId: id, owner: `reliability/fault-matrix/${key}`, timeout: "2m", pollPolicy: POLL_POLICY };
        if (cell.faults) sim.addFaults(cell.faults(id));
        try {
            const { outs } = await runtime.create("MasterStandbySwap", inputs);
            return { ok: true, outs, notes: [] };
        } catch (error) {
            let resumed: Attempt | undefined;
            if (error instanceof ResourceInitError) {
                resumed = await runtime.update("MasterStandbySwap", error.id, error.properties, inputs).then(
                    ({ outs }) => ({ ok: true, outs }),
                    (e) => ({ ok: false, error: e }),
                );
            }
            return { ok: false, error, resumed, notes: [] };
        }
    }

    async function viaClient(cell: Cell, id: string): Promise<Attempt & { notes: string[] }> {
        const client = new DcsClient({
            endpoint: sim.url,
            projectId: sim.projectId,
            credentials: sim.credentials,
            requestTimeoutMs: CLIENT_TIMEOUT_MS,
            env: {},
            clock,
        });
        const notes: string[] = [];
        const onEvent = (e: TriggerEvent) => notes.push(e.kind);
        try {
            if (cell.phase === "trigger" && cell.faults) sim.addFaults(cell.faults(id));
            const { jobId } = await client.swapMasterStandby(id, { onEvent, deadline: clock.now() + 120_000 });
            if (cell.phase === "poll" && cell.faults) sim.addFaults(cell.faults(id));
            const job = await waitForJob(client, jobId!, { pollPolicy: POLL_POLICY, clock, deadline: clock.now() + 120_000 });
            return { ok: true, outs: { ...job, apiUsed: "async" }, notes };
        } catch (error) {
            return { ok: false, error, notes };
        }
    }
});

function outcome(o: Observed): string {
    const how = (a: Attempt): string => {
        if (a.ok) return `${String(a.outs?.status)}${a.outs?.apiUsed === "sync" ? " via sync API" : ""}`;
        const e = a.error;
        if (e instanceof ResourceInitError) return `partial: job kept (${String(e.properties.status)}), ${describeError(e.cause)}`;
        return `error: ${describeError(e)}`;
    };
    let text = how(o);
    if (o.ok && adopted(o)) text += ", ambiguous answer adopted from task list";
    if (o.ok && sends(o) > 1 && !adopted(o) && o.outs?.apiUsed !== "sync") {
        // One listTasks is the pre-trigger check for a foreign swap; more are the ambiguity look.
        text += (o.requests.listTasks ?? 0) > 1 ? ", re-sent after the task list showed no swap" : ", re-sent (certainly not accepted)";
    }
    if (o.resumed) text += ` → next up: ${how(o.resumed)}`;
    return text;
}

function describeError(e: unknown): string {
    // Partial failures wrap the cause to prefix the instance; report the API error underneath.
    if (!(e instanceof DcsApiError) && (e as Error | undefined)?.cause instanceof DcsApiError) e = (e as Error).cause;
    if (e instanceof DcsApiError) return `${e.name} ${e.status} ${e.errorCode ?? ""} [${e.errorClass}]`.replace("  ", " ");
    const err = e as Error | undefined;
    return err?.name ?? String(e);
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
