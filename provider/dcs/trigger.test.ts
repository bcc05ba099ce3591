import { expect } from "chai";
import { VirtualClock } from "../../test/support/virtual-clock";
import {
    AmbiguousTriggerError,
    DcsAbortedError,
    DcsApiError,
    DcsError,
    DcsInstanceStateError,
    DcsNetworkError,
    DcsResponseError,
    classifyError,
} from "./errors";
import { DcsInstance } from "./models";
import { DEFAULT_RETRY } from "./defaults";
import { DcsRequest, DcsResponse } from "./transport";
import { TriggerContext, TriggerEvent, TriggerSpec, sendTrigger } from "./trigger";
import { asyncSwapSpec, clientIpSpec, syncSwapSpec } from "./trigger-specs";

const PROJECT = "p0";
const INSTANCE = "5560df16-cebf-4473-95c4-d1b573c16e79";
const MINUTE = 60_000;

/** What the fake transport does for one send: answer, or throw. */
type Answer = DcsResponse | Error;

function apiError(status: number, errorCode?: string, retryAfterMs?: number): DcsApiError {
    return new DcsApiError({
        operation: "swapMasterStandby",
        method: "PUT",
        path: `/v2/${PROJECT}/instances/${INSTANCE}/async-swap`,
        status,
        errorCode,
        errorClass: classifyError(status, errorCode),
        retryAfterMs,
    });
}

const refused = () => new DcsNetworkError("swapMasterStandby", "ECONNREFUSED", false, "connect ECONNREFUSED");
const reset = () => new DcsNetworkError("swapMasterStandby", "ECONNRESET", true, "socket hang up");
const timedOut = () => new DcsNetworkError("swapMasterStandby", "ETIMEDOUT", true, "no answer in time");
const ok = (body: unknown, status = 200): DcsResponse => ({ status, body });

/**
 * A fake transport answering from a script, a fake instance reader, and a virtual clock. `sentAt`
 * holds the virtual time of every send; an unscripted send fails the test loudly.
 */
function harness(answers: Answer[], instances: Array<Partial<DcsInstance>> = [{}]) {
    const clock = new VirtualClock();
    const sentAt: number[] = [];
    const requests: DcsRequest[] = [];
    const events: TriggerEvent[] = [];
    let reads = 0;
    const ctx: TriggerContext = {
        send: async (request) => {
            sentAt.push(clock.now());
            requests.push(request);
            const answer = answers.shift();
            if (answer === undefined) throw new Error(`unscripted send #${sentAt.length}`);
            if (answer instanceof Error) throw answer;
            return answer;
        },
        showInstance: async () => ({ instanceId: INSTANCE, status: "RUNNING", ...instances[Math.min(reads++, instances.length - 1)] }),
        clock,
        deadline: clock.now() + 30 * MINUTE,
        retry: DEFAULT_RETRY,
        maxAttempts: 10,
        random: () => 0.5,
        onEvent: (event) => events.push(event),
    };
    return { ctx, clock, sentAt, requests, events, instanceReads: () => reads, start: clock.now() };
}

const swap = (): TriggerSpec => asyncSwapSpec(PROJECT, INSTANCE);
const clientIp = (): TriggerSpec => clientIpSpec(PROJECT, INSTANCE, true);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
        (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
        (error: unknown) => error,
    );
}

describe("dcs/trigger sendTrigger", () => {
    describe("a 2xx answer", () => {
        it("with a job id returns it after one send", async () => {
            const h = harness([ok({ job_id: "job-1" })]);
            const result = await sendTrigger(swap(), h.ctx);
            expect(result).to.deep.equal({ jobId: "job-1", noChange: false, attempts: 1, sentAt: h.start });
            expect(h.sentAt).to.have.length(1);
        });

        it("reads the job id from the jobId spelling too", async () => {
            const h = harness([ok({ jobId: "job-2" })]);
            expect((await sendTrigger(swap(), h.ctx)).jobId).to.equal("job-2");
        });

        it("sends the spec's request unchanged", async () => {
            const spec = clientIp();
            const h = harness([ok({ job_id: "j" })]);
            await sendTrigger(spec, h.ctx);
            expect(h.requests).to.deep.equal([spec.request]);
        });

        it("without a job id is enough when the spec expects none (the synchronous swap's 204)", async () => {
            const h = harness([ok(undefined, 204)]);
            const result = await sendTrigger(syncSwapSpec(PROJECT, INSTANCE), h.ctx);
            expect(result).to.deep.equal({ noChange: false, attempts: 1, sentAt: h.start });
        });

        it("without a job id is ambiguous-accepted and never sent again", async () => {
            const h = harness([ok({ status: "ok" }), ok({ job_id: "never" })]);
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(AmbiguousTriggerError);
            expect(error).to.include({ accepted: true, operation: "swapMasterStandby", instanceId: INSTANCE, sentAt: h.start });
            expect((error as Error).cause)
                .to.be.instanceOf(DcsResponseError)
                .with.property("status", 200);
            expect(h.sentAt).to.have.length(1);
        });

        it("without a job id is never sent again even for a replay-safe call", async () => {
            const h = harness([ok({}), ok({ job_id: "never" })]);
            const error = await rejection(sendTrigger(clientIp(), h.ctx));
            expect(error).to.be.instanceOf(AmbiguousTriggerError).with.property("accepted", true);
            expect(h.sentAt).to.have.length(1);
        });

        it("whose body was over the size limit is ambiguous-accepted", async () => {
            const h = harness([{ status: 202, body: undefined, bodyTooLarge: true }]);
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(AmbiguousTriggerError).with.property("accepted", true);
            expect((error as Error).cause)
                .to.be.instanceOf(DcsResponseError)
                .with.property("status", 202);
            expect(h.sentAt).to.have.length(1);
        });
    });

    describe("an answer that may have started the operation", () => {
        for (const [name, make] of [
            ["HTTP 500", () => apiError(500, "DCS.5000")],
            ["HTTP 502 from the gateway", () => apiError(502, "APIG.0201")],
            ["HTTP 504 without a code", () => apiError(504)],
            ["a reset after sending", reset],
            ["a timeout after sending", timedOut],
        ] as const) {
            it(`${name} → AmbiguousTriggerError(accepted: false), not re-sent`, async () => {
                const cause = make();
                const h = harness([cause, ok({ job_id: "never" })]);
                const error = await rejection(sendTrigger(swap(), h.ctx));
                expect(error).to.be.instanceOf(AmbiguousTriggerError);
                expect(error).to.include({ accepted: false, operation: "swapMasterStandby", instanceId: INSTANCE, sentAt: h.start });
                expect((error as Error).cause).to.equal(cause);
                expect(h.sentAt).to.have.length(1);
                expect(h.clock.sleeps).to.deep.equal([]);
            });
        }

        it("reports an 'ambiguous' event before giving up", async () => {
            const cause = reset();
            const h = harness([cause]);
            await rejection(sendTrigger(swap(), h.ctx));
            expect(h.events).to.deep.equal([{ kind: "ambiguous", error: cause }]);
        });

        it("sentAt names the send that got the ambiguous answer, not the first one", async () => {
            const h = harness([apiError(429, "APIG.0308", 4000), apiError(503)]);
            h.ctx.random = () => 0;
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error)
                .to.be.instanceOf(AmbiguousTriggerError)
                .with.property("sentAt", h.start + 4000);
        });

        it("is re-sent after a backoff when the call is replay-safe", async () => {
            const h = harness([apiError(502), reset(), ok({ job_id: "j" })]);
            const result = await sendTrigger(clientIp(), h.ctx);
            expect(result).to.include({ jobId: "j", attempts: 3 });
            expect(h.clock.sleeps).to.have.length(2);
            expect(h.sentAt[2]).to.equal(result.sentAt);
        });

        it("a replay-safe call stops at maxAttempts and rethrows the last answer", async () => {
            const last = apiError(503);
            const h = harness([apiError(502), apiError(500), last, ok({ job_id: "never" })]);
            h.ctx.maxAttempts = 3;
            const error = await rejection(sendTrigger(clientIp(), h.ctx));
            expect(error).to.equal(last);
            expect(h.sentAt).to.have.length(3);
        });
    });

    describe("a request that certainly never reached DCS", () => {
        it("connection refused is retried after a backoff, even for a non-replay-safe call", async () => {
            const h = harness([refused(), ok({ job_id: "j" })]);
            const result = await sendTrigger(swap(), h.ctx);
            expect(result).to.include({ jobId: "j", attempts: 2 });
            expect(h.clock.sleeps).to.have.length(1);
            expect(result.sentAt).to.equal(h.start + h.clock.sleeps[0]);
            expect(h.events.map((e) => e.kind)).to.deep.equal(["not-sent"]);
        });

        it("refusals are bounded by the deadline, not by maxAttempts", async () => {
            const h = harness([refused(), refused(), refused(), ok({ job_id: "j" })]);
            h.ctx.maxAttempts = 1;
            const result = await sendTrigger(swap(), h.ctx);
            expect(result).to.include({ jobId: "j", attempts: 4 });
        });

        it("a refusal whose backoff would cross the deadline is rethrown as is (nothing was sent)", async () => {
            const last = refused();
            const h = harness([last]);
            h.ctx.deadline = h.start + 1;
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.equal(last);
            expect(error).to.not.be.instanceOf(AmbiguousTriggerError);
            expect(h.clock.sleeps).to.deep.equal([]);
        });
    });

    describe("a busy answer", () => {
        it("waits via onBusy and for the instance to be ready, then sends again", async () => {
            const busy = apiError(400, "DCS.4049");
            const seen: DcsApiError[] = [];
            const h = harness([busy, ok({ job_id: "j" })], [{ task: "BACKUPING" }, {}]);
            h.ctx.onBusy = async (error) => {
                seen.push(error);
            };
            const result = await sendTrigger(swap(), h.ctx);
            expect(seen).to.deep.equal([busy]);
            expect(result).to.include({ jobId: "j", attempts: 2 });
            expect(h.instanceReads()).to.equal(2);
            expect(h.events.map((e) => e.kind)).to.deep.equal(["busy", "waiting-for-instance"]);
            expect(result.sentAt).to.be.greaterThan(h.start);
        });

        it("calls onBusy before it looks at the instance", async () => {
            const order: string[] = [];
            const h = harness([apiError(400, "DCS.4049"), ok({ job_id: "j" })]);
            const show = h.ctx.showInstance;
            h.ctx.showInstance = () => (order.push("show"), show());
            h.ctx.onBusy = async () => void order.push("onBusy");
            await sendTrigger(swap(), h.ctx);
            expect(order).to.deep.equal(["onBusy", "show"]);
        });

        it("is final when onBusy throws (e.g. a conflicting operation runs)", async () => {
            const stop = new Error("conflicting operation");
            const h = harness([apiError(400, "DCS.4049"), ok({ job_id: "never" })]);
            h.ctx.onBusy = async () => {
                throw stop;
            };
            expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(stop);
            expect(h.sentAt).to.have.length(1);
            expect(h.instanceReads()).to.equal(0);
        });

        it("is final for a spec without an instance", async () => {
            const busy = apiError(400, "DCS.4049");
            const h = harness([busy, ok({ job_id: "never" })]);
            const spec: TriggerSpec = { ...swap(), instanceId: undefined };
            expect(await rejection(sendTrigger(spec, h.ctx))).to.equal(busy);
            expect(h.sentAt).to.have.length(1);
        });

        it("re-sends only within maxAttempts, then rethrows the busy answer", async () => {
            const h = harness([apiError(400, "DCS.4049"), apiError(400, "DCS.4026"), apiError(400, "DCS.4049"), ok({ job_id: "never" })]);
            h.ctx.maxAttempts = 3;
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(DcsApiError).with.property("errorClass", "busy");
            expect(h.sentAt).to.have.length(3);
        });

        // The wait after the last counted attempt could not lead to a send; it only delayed the failure.
        it("does not wait for the instance after the last counted attempt", async () => {
            const h = harness([apiError(400, "DCS.4049")], [{ task: "BACKUPING" }, { task: "BACKUPING" }, {}]);
            h.ctx.maxAttempts = 1;
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(DcsApiError).with.property("errorClass", "busy");
            expect(h.instanceReads()).to.equal(0);
            expect(h.clock.now()).to.equal(h.start);
        });

        it("rethrows the busy answer, not an abort, when the instance stays busy until the deadline", async () => {
            const busy = apiError(400, "DCS.4049");
            const h = harness([busy], [{ task: "BACKUPING" }]);
            h.ctx.deadline = h.start + MINUTE;
            expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(busy);
            expect(h.sentAt).to.have.length(1);
            expect(h.clock.now()).to.be.at.most(h.ctx.deadline);
        });

        it("stops with DcsInstanceStateError when the instance turns out to be in a fatal state", async () => {
            const h = harness([apiError(400, "DCS.4049"), ok({ job_id: "never" })], [{ status: "ERROR" }]);
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(DcsInstanceStateError).with.property("status", "ERROR");
            expect(h.sentAt).to.have.length(1);
        });
    });

    describe("a throttled answer (429)", () => {
        it("is re-sent after the server's Retry-After, on the virtual clock", async () => {
            const h = harness([apiError(429, "APIG.0308", 5000), ok({ job_id: "j" })]);
            h.ctx.random = () => 0;
            const throttled: number[] = [];
            h.ctx.onThrottled = (ms) => throttled.push(ms);
            const result = await sendTrigger(swap(), h.ctx);
            expect(h.clock.sleeps).to.deep.equal([5000]);
            expect(throttled).to.deep.equal([5000]);
            expect(h.sentAt).to.deep.equal([h.start, h.start + 5000]);
            expect(result).to.deep.equal({ jobId: "j", noChange: false, attempts: 2, sentAt: h.start + 5000 });
            expect(h.events).to.deep.equal([{ kind: "throttled", delayMs: 5000 }]);
        });

        it("never comes back before Retry-After even when the jitter is small", async () => {
            const h = harness([apiError(429, undefined, 7000), ok({ job_id: "j" })]);
            h.ctx.random = () => 0.01;
            await sendTrigger(swap(), h.ctx);
            expect(h.clock.sleeps[0]).to.be.at.least(7000);
        });

        it("without Retry-After backs off by the throttle base", async () => {
            const h = harness([apiError(429), ok({ job_id: "j" })]);
            h.ctx.random = () => 1;
            await sendTrigger(swap(), h.ctx);
            expect(h.clock.sleeps).to.deep.equal([DEFAULT_RETRY.throttleBaseDelayMs]);
        });

        it("throttled attempts are bounded by the deadline, not by maxAttempts", async () => {
            const h = harness([apiError(429), apiError(429), apiError(429), ok({ job_id: "j" })]);
            h.ctx.maxAttempts = 1;
            expect(await sendTrigger(swap(), h.ctx)).to.include({ jobId: "j", attempts: 4 });
        });

        it("is rethrown without sleeping when Retry-After would cross the deadline", async () => {
            const throttle = apiError(429, "APIG.0308", 20_000);
            const h = harness([throttle, ok({ job_id: "never" })]);
            h.ctx.deadline = h.start + 10_000;
            expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(throttle);
            expect(h.clock.sleeps).to.deep.equal([]);
            expect(h.sentAt).to.have.length(1);
        });
    });

    describe("other answers", () => {
        it("a no-change code is success without a job", async () => {
            const h = harness([apiError(400, "DCS.4847")]);
            const result = await sendTrigger(clientIp(), h.ctx);
            expect(result).to.deep.equal({ noChange: true, attempts: 1, sentAt: h.start });
        });

        it("a no-change code is recognised in its spaced spelling", async () => {
            const h = harness([apiError(400, "DCS. 4846")]);
            expect(await sendTrigger(clientIp(), h.ctx)).to.include({ noChange: true });
        });

        it("a no-change code of another spec is just a permanent error", async () => {
            const answer = apiError(400, "DCS.4847");
            const h = harness([answer]);
            expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(answer);
        });

        for (const [name, status, code] of [
            ["a permanent 400", 400, "DCS.4855"],
            ["an auth 401", 401, "APIG.0301"],
            ["a not-found 404", 404, "DCS.3022"],
        ] as const) {
            it(`${name} is thrown as is, once`, async () => {
                const answer = apiError(status, code);
                const h = harness([answer, ok({ job_id: "never" })]);
                expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(answer);
                expect(h.sentAt).to.have.length(1);
            });
        }

        it("an error that is no DCS answer at all is thrown as is, once", async () => {
            const odd = new TypeError("bug in a signer");
            const h = harness([odd, ok({ job_id: "never" })]);
            expect(await rejection(sendTrigger(swap(), h.ctx))).to.equal(odd);
            expect(h.sentAt).to.have.length(1);
        });
    });

    describe("deadline and abort", () => {
        it("sends nothing when the deadline has already passed", async () => {
            const h = harness([ok({ job_id: "never" })]);
            h.ctx.deadline = h.start;
            const error = await rejection(sendTrigger(swap(), h.ctx));
            expect(error).to.be.instanceOf(DcsAbortedError).with.property("reason", "deadline");
            expect(error).to.be.instanceOf(DcsError);
            expect(h.sentAt).to.deep.equal([]);
        });

        it("an abort reported by the transport is rethrown, never turned into an ambiguous answer", async () => {
            const aborted = new DcsAbortedError("swapMasterStandby", "signal");
            const h = harness([aborted, ok({ job_id: "never" })]);
            expect(await rejection(sendTrigger(clientIp(), h.ctx))).to.equal(aborted);
            expect(h.sentAt).to.have.length(1);
        });

        it("an abort while waiting out a 429 stops it before the next send", async () => {
            const controller = new AbortController();
            const h = harness([apiError(429, undefined, 1000), ok({ job_id: "never" })]);
            h.ctx.signal = controller.signal;
            h.ctx.onThrottled = () => controller.abort();
            expect(await rejection(sendTrigger(swap(), h.ctx)))
                .to.be.instanceOf(DcsAbortedError)
                .with.property("reason", "signal");
            expect(h.sentAt).to.have.length(1);
        });

        it("an abort while waiting out a refusal stops it before the next send", async () => {
            const controller = new AbortController();
            const h = harness([refused(), ok({ job_id: "never" })]);
            h.ctx.signal = controller.signal;
            h.ctx.onEvent = (event) => event.kind === "not-sent" && controller.abort();
            expect(await rejection(sendTrigger(swap(), h.ctx)))
                .to.be.instanceOf(DcsAbortedError)
                .with.property("reason", "signal");
            expect(h.sentAt).to.have.length(1);
        });

        it("an abort while waiting out a busy instance reports the abort, not the busy answer", async () => {
            const controller = new AbortController();
            const h = harness([apiError(400, "DCS.4049"), ok({ job_id: "never" })]);
            h.ctx.signal = controller.signal;
            h.ctx.onBusy = async () => controller.abort();
            expect(await rejection(sendTrigger(swap(), h.ctx)))
                .to.be.instanceOf(DcsAbortedError)
                .with.property("reason", "signal");
            expect(h.sentAt).to.have.length(1);
        });

        it("passes the signal to the transport", async () => {
            const controller = new AbortController();
            const h = harness([]);
            let given: AbortSignal | undefined;
            h.ctx.signal = controller.signal;
            h.ctx.send = async (_request, signal) => ((given = signal), ok({ job_id: "j" }));
            await sendTrigger(swap(), h.ctx);
            expect(given).to.equal(controller.signal);
        });
    });
});
