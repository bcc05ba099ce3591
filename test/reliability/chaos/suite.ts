/**
 * The campaign part of `exactly-once-chaos.test.ts`: a seed replay (`CHAOS_SEED`), or N seeded
 * schedules under the premises (the design's argument) and in the world beyond them, each with its
 * invariants as mocha tests. Failing tests list the first failing seeds and the trace of the first.
 */
import { expect } from "chai";
import { CampaignSummary, playSeed, runCampaign, summaryLine } from "./campaign";
import { Verdict } from "./verdict";
import { WORLD_KINDS } from "./world";

const MIN = 60_000;

export interface SuiteOptions {
    premisesSchedules: number;
    worldSchedules: number;
    baseSeed: number;
    /** Replays this seed alone (in the world unless `replayWorld` is false). */
    replaySeed?: number;
    replayWorld: boolean;
}

export function describeCampaigns(o: SuiteOptions): void {
    if (o.replaySeed !== undefined) {
        const seed = o.replaySeed;
        describe(`reliability: exactly-once chaos (seed ${seed}${o.replayWorld ? ", world" : ", premises"})`, () => {
            it(`replays seed ${seed}`, async () => {
                const { played, verdict } = await playSeed(seed, true, o.replayWorld);
                console.log(
                    `\nschedule: ${JSON.stringify(played.schedule)}\n\n${played.trace.render()}\n\nproblems: ${JSON.stringify(verdict.problems, null, 1)}`,
                );
                expect(verdict.problems).to.deep.equal([]);
            });
        });
        return;
    }

    describe(`reliability: exactly-once chaos, the design's premises (${o.premisesSchedules} seeded schedules)`, function () {
        this.timeout(30 * MIN);
        let s: CampaignSummary;
        before(async () => {
            s = await runCampaign({ schedules: o.premisesSchedules, baseSeed: o.baseSeed });
            console.log(`      ${summaryLine(s)}`);
        });

        it("never swaps twice", async () => {
            expect(s.doubleSwaps, await report(s, (v) => v.doubleSwaps > 0)).to.equal(0);
        });

        it("never loses a job, and a SUCCESS is always this intent's own switchover", async () => {
            expect(s.lostJobs + s.missedSwaps, await report(s, (v) => v.lostJobs > 0 || v.missedSwaps > 0)).to.equal(0);
        });

        it("converges to SUCCESS once faults stop (the model always lists an accepted swap's task, so nothing may stay stuck)", async () => {
            expect(s.notConverged + s.stuckAccepted, await report(s, (v) => !v.converged)).to.equal(0);
        });
    });

    describe(`reliability: exactly-once chaos, beyond the premises (${o.worldSchedules} seeded schedules)`, function () {
        this.timeout(30 * MIN);
        let s: CampaignSummary;
        before(async () => {
            s = await runCampaign({ schedules: o.worldSchedules, baseSeed: o.baseSeed, world: true });
            console.log(`      ${summaryLine(s)}`);
        });

        it("exercises every world trait", function () {
            // The rarest (a forgotten job read again) happens in about 1 schedule in 120.
            if (s.schedules < 1000) this.skip();
            const missing = Object.keys(WORLD_KINDS).filter((kind) => !s.perKind[kind]);
            expect(missing, "traits no schedule exercised").to.deep.equal([]);
        });

        it("never swaps twice; a replace makes exactly one more switchover or stops with an error", async () => {
            const failing = (v: Verdict) => v.doubleSwaps > 0 || v.replaceAdopted > 0;
            expect({ doubleSwaps: s.doubleSwaps, replaceAdopted: s.replaceAdopted }, await report(s, failing, true)).to.deep.equal({
                doubleSwaps: 0,
                replaceAdopted: 0,
            });
        });

        it("never reports a false SUCCESS (someone else's swap and readiness-only SUCCESS without roles are tallied apart)", async () => {
            expect(s.falseSuccesses, await report(s, (v) => v.falseSuccesses > 0, true)).to.equal(0);
        });

        it("never loses a job: state records the swap's own switchover", async () => {
            expect(s.lostJobs, await report(s, (v) => v.lostJobs > 0, true)).to.equal(0);
        });

        it("converges, or stops with a named error after sending nothing more", async () => {
            expect(s.notSettled, await report(s, (v) => !v.settled, true)).to.equal(0);
        });

        it("a rolling swap's stop rule never lets a send through after it closed, and never drops or overwrites a record", async () => {
            const failing = (v: Verdict) => v.sendsAfterStop > 0 || v.recordsLost > 0;
            expect({ sendsAfterStop: s.sendsAfterStop, recordsLost: s.recordsLost }, await report(s, failing, true)).to.deep.equal({
                sendsAfterStop: 0,
                recordsLost: 0,
            });
        });
    });
}

/** The first failures, and the trace of the first, replayed. */
async function report(s: CampaignSummary, filter: (v: Verdict) => boolean, world = false): Promise<string> {
    const failing = s.failures.filter(filter);
    if (failing.length === 0) return "";
    const first = await playSeed(failing[0].seed, true, world);
    const list = failing
        .slice(0, 5)
        .map((v) => `  seed ${v.seed}: ${v.problems.join("; ")}`)
        .join("\n");
    const replay = `${world ? "" : "CHAOS_WORLD=0 "}CHAOS_SEED=${failing[0].seed} npx mocha test/reliability/exactly-once-chaos.test.ts`;
    return `\n${failing.length} failing schedules, e.g.\n${list}\n\ntrace of seed ${failing[0].seed} (replay: ${replay}):\n${first.played.trace.render()}\n`;
}
