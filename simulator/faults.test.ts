import { expect } from "chai";
import { FaultKind, RunningSimulator, startSimulator } from "./index";
import { INSTANCE, OTHER_INSTANCE, call, networkFailure, sleep, startSwap, v2 } from "./support.test";

describe("simulator: faults, rate limit, counters", () => {
    let sim: RunningSimulator;
    before(async () => {
        // New tasks listed at once: the reset-after test looks for the task right away.
        sim = await startSimulator({ taskAppearDelayMs: 0, defaultScenario: { jobInitMs: 0, jobDurationMs: 100 } });
    });
    after(() => sim.stop());
    beforeEach(() => sim.reset());

    const swap = (id = INSTANCE) => call(sim, "PUT", `${v2(sim)}/instances/${id}/async-swap`);
    const show = (id = INSTANCE) => call(sim, "GET", `${v2(sim)}/instances/${id}`);

    const answeringFaults: Array<[FaultKind, number, string, string?]> = [
        ["429", 429, "APIG.0308"],
        ["500", 500, "DCS.5000"],
        ["502", 502, "APIG.0201"],
        ["504", 504, "APIG.0201", "Service DCS timed out (30000 ms)"],
        ["401-token-expired", 401, "APIG.0307", "The token must be updated."],
        ["busy", 400, "DCS.4049"],
    ];
    for (const [kind, status, code, message] of answeringFaults) {
        it(`fault ${kind}: answers ${status} ${code} once, without performing the operation`, async () => {
            sim.addFaults({ operation: "asyncSwap", kind });
            const faulty = await swap();
            expect(faulty.status).to.equal(status);
            expect(faulty.json).to.include({ error_code: code, error_ext_msg: null });
            if (message) expect(faulty.json.error_msg).to.include(message);
            expect(faulty.headers.get("retry-after")).to.equal(null);
            expect(sim.counters().effects.swaps).to.equal(0);
            expect((await swap()).status, "consumed after one use").to.equal(200);
        });
    }

    it("fault 429-retry-after carries Retry-After: 1", async () => {
        sim.addFaults({ operation: "showInstance", kind: "429-retry-after" });
        const answer = await show();
        expect(answer.status).to.equal(429);
        expect(answer.json.error_code).to.equal("APIG.0308");
        expect(answer.headers.get("retry-after")).to.equal("1");
    });

    it("fault reset-before destroys the socket and nothing happens", async () => {
        sim.addFaults({ operation: "asyncSwap", kind: "reset-before" });
        expect(await networkFailure(swap())).to.match(/ECONNRESET|other side closed|socket/i);
        const counters = sim.counters();
        expect(counters.effects.swaps).to.equal(0);
        expect(counters.resets).to.equal(1);
        expect(sim.jobs()).to.have.length(0);
    });

    it("fault reset-after performs the swap, then destroys the socket", async () => {
        sim.addFaults({ operation: "asyncSwap", kind: "reset-after" });
        expect(await networkFailure(swap())).to.match(/ECONNRESET|other side closed|socket/i);
        expect(sim.counters().effects.swaps).to.equal(1);
        const tasks = (await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}/tasks`)).json.tasks;
        expect(tasks).to.have.length(1);
        expect(tasks[0].job_id).to.match(/^[0-9a-f]{32}$/);
        await sleep(120);
        expect(sim.instance(INSTANCE)?.swapCount).to.equal(1);
    });

    it("fault slow performs the operation and answers only after delayMs", async () => {
        sim.addFaults({ operation: "asyncSwap", kind: "slow", delayMs: 200 });
        const started = Date.now();
        const pending = swap();
        await sleep(50);
        expect(sim.counters().effects.swaps, "performed before answering").to.equal(1);
        const answer = await pending;
        expect(Date.now() - started).to.be.at.least(195);
        expect(answer.status).to.equal(200);
        expect(answer.json.job_id).to.match(/^[0-9a-f]{32}$/);
    });

    it("stop() ends promptly while a default (35 s) slow answer is pending", async () => {
        const own = await startSimulator();
        own.addFaults({ operation: "showInstance", kind: "slow" });
        const pending = networkFailure(call(own, "GET", `${v2(own)}/instances/${INSTANCE}`));
        await sleep(50);
        const started = Date.now();
        await own.stop();
        expect(Date.now() - started).to.be.below(1000);
        expect(await pending).to.be.a("string");
    });

    it("fault malformed-json performs the operation and answers 200 with truncated JSON", async () => {
        sim.addFaults({ operation: "asyncSwap", kind: "malformed-json" });
        const answer = await swap();
        expect(answer.status).to.equal(200);
        expect(answer.text).to.match(/^\{"job_id/);
        expect(() => JSON.parse(answer.text)).to.throw();
        expect(sim.counters().effects.swaps).to.equal(1);
    });

    it("consumes faults in order, honouring count, operation and instanceId", async () => {
        sim.addFaults([
            { operation: "showInstance", kind: "500", instanceId: OTHER_INSTANCE },
            { operation: "any", kind: "502", count: 2 },
            { operation: "showInstance", kind: "504" },
        ]);
        expect((await show()).status).to.equal(502);
        expect((await show(OTHER_INSTANCE)).status).to.equal(500);
        expect((await call(sim, "GET", `${v2(sim)}/instances/${INSTANCE}/tasks`)).status).to.equal(502);
        expect((await show()).status).to.equal(504);
        expect((await show()).status).to.equal(200);
    });

    it("applies a fault's delayMs before acting, and an instance's latencyMs to its answers", async () => {
        sim.addFaults({ operation: "showInstance", kind: "500", delayMs: 120 });
        let started = Date.now();
        expect((await show()).status).to.equal(500);
        expect(Date.now() - started).to.be.at.least(115);
        sim.setInstance(INSTANCE, { latencyMs: 120 });
        started = Date.now();
        expect((await show()).status).to.equal(200);
        expect(Date.now() - started).to.be.at.least(115);
        started = Date.now();
        expect((await show(OTHER_INSTANCE)).status).to.equal(200);
        expect(Date.now() - started).to.be.below(100);
    });

    it("throttles all /v2 requests above the rate with 429 APIG.0308, Retry-After only when configured", async () => {
        sim.setRateLimit({ requestsPerSecond: 3 });
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await show()).status);
        expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
        const throttled = await show();
        expect(throttled.json).to.deep.equal({
            error_code: "APIG.0308",
            error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second",
            error_ext_msg: null,
        });
        expect(throttled.headers.get("retry-after")).to.equal(null);
        expect(sim.counters().throttled).to.equal(3);
        await sleep(400);
        expect((await show()).status, "a token refilled after 1/3 s").to.equal(200);

        sim.setRateLimit({ requestsPerSecond: 1, retryAfterSeconds: 2 });
        await show();
        const withHint = await show();
        expect(withHint.status).to.equal(429);
        expect(withHint.headers.get("retry-after")).to.equal("2");
    });

    it("counts requests, responses and accepted effects, per instance", async () => {
        await startSwap(sim);
        await swap(); // busy: not an effect
        await show();
        await call(sim, "GET", `${v2(sim)}/jobs/ff8080818822bbf70188235afc24141a`);
        const c = sim.counters();
        expect(c.requests).to.deep.equal({ asyncSwap: 2, showInstance: 1, showJob: 1 });
        expect(c.responses).to.deep.equal({ "200": 2, "400": 1, "404": 1 });
        expect(c.effects).to.deep.equal({ swaps: 1, clientIpChanges: 0, sslChanges: 0 });
        expect(c.perInstance).to.deep.equal({ [INSTANCE]: { swaps: 1, clientIpChanges: 0, sslChanges: 0 } });
        sim.resetCounters();
        expect(sim.counters().effects.swaps).to.equal(0);
        expect(sim.jobs(), "resetCounters keeps jobs").to.have.length(1);
    });
});
