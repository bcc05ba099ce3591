/**
 * Focused cases of the model check for a swap that is one lane of a `RollingSwap` (`World.fleet`,
 * `chaos/fleet-lane.ts`): each run goes through the runtime's own stop rule (`underStopRule`, and
 * `beforeSend` right before any send), and the world campaign in exactly-once-chaos.test.ts draws
 * the same traits at random. Each names the issue-19 sequence it covers.
 */
import { expect } from "chai";
import { SendHeldBackError } from "../../provider/resources/runtime/errors/send-held-back-error";
import { ScheduleRun } from "./chaos/engine";
import { play } from "./chaos/play";
import { PLAIN_SWAP, PhasePlan, Schedule, plainRun, scripted } from "./chaos/schedule";
import { FleetStart, PREMISES, SwapApi, World, WorldEvent } from "./chaos/world";

const MIN = 60_000;
const laneFailed = (phase: number, run: number, at: WorldEvent["at"]): WorldEvent => ({ phase, run, at, what: { kind: "lane-failed" } });

/** A huaweicloud lane of a rolling swap that stops at the first failure, unless told otherwise. */
function lane(o: { fleet?: Partial<FleetStart>; world?: Partial<World>; phases?: Partial<PhasePlan>[]; rest?: Partial<Schedule> } = {}): Schedule {
    const fleet: FleetStart = { continueOnFailure: false, configUpdates: [], ...o.fleet };
    return scripted({ ...o.rest, world: { ...PREMISES, fleet, ...o.world }, phases: o.phases });
}

const requestsIn = (played: ScheduleRun, phase: number, run: number) => played.requests.filter((r) => r.phase === phase && r.run === run).length;
const apis = (api: SwapApi) => Array.from({ length: 8 }, () => api);

describe("reliability: exactly-once in a rolling swap (the model)", () => {
    it("(11) a finished lane's config-only updates under a closed stop rule keep its SUCCESS record and send nothing", async () => {
        await play(lane({ fleet: { configUpdates: [true, false, true] } }), (played, verdict) => {
            const updates = played.runs.filter((r) => r.configUpdate);
            expect(updates.map((r) => r.outcome)).to.deep.equal(["success", "success", "success"]);
            expect(played.phases[0].final).to.deep.equal(played.phases[0].beforeUpdates);
            expect(played.tally.get("config-update-stopped")).to.equal(2);
            expect(played.switchovers).to.deep.equal([1]);
            expect(played.requests).to.have.length(1);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("a lane whose stop rule closed before it began is held back (NOT_STARTED, nothing sent); the next run swaps once", async () => {
        await play(lane({ world: { events: [laneFailed(0, 0, "start")] } }), (played, verdict) => {
            expect(played.runs[0]).to.include({ outcome: "held-back" });
            expect(played.runs[0].outs).to.include({ status: "NOT_STARTED" });
            expect(played.tally.get("intent-deferred"), "its intent waits too").to.equal(1);
            expect(requestsIn(played, 0, 0)).to.equal(0);
            expect(played.switchovers).to.deep.equal([1]);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("(14) a lane waiting out a busy instance when the stop rule closes does not send again (SendHeldBackError)", async () => {
        // Refused busy (a backup); the rule closes during the wait for the instance (await point 8), before the second attempt.
        const sends = [{ fault: { kind: "busy" as const, forMs: 20_000 } }];
        await play(lane({ phases: [{ sends }], world: { events: [laneFailed(0, 0, 8)] } }), (played, verdict) => {
            expect(played.runs[0].outcome).to.equal("held-back");
            expect(played.runs[0].error?.cause).to.be.instanceOf(SendHeldBackError);
            expect(played.runs[0].outs, "refused: nothing was accepted").to.include({ status: "NOT_STARTED" });
            expect(requestsIn(played, 0, 0), "the refused attempt only").to.equal(1);
            expect(played.switchovers).to.deep.equal([1]);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("(14) a lane that proved its unanswered send did nothing is held back before sending it again", async () => {
        // The 502 was never processed: after a whole grace the lifecycle would send again, but the rule closed during the look.
        const sends = [{ fault: { kind: "5xx" as const, status: 502 as const, performed: false } }];
        await play(lane({ phases: [{ sends }], world: { events: [laneFailed(0, 0, 12)] } }), (played, verdict) => {
            expect(played.runs[0].outcome).to.equal("held-back");
            expect(played.runs[0].error?.cause).to.be.instanceOf(SendHeldBackError);
            expect(played.runs[0].outs, "not listed after a grace, master unchanged: it did nothing").to.include({ status: "NOT_STARTED" });
            expect(requestsIn(played, 0, 0), "the 502, and no second send").to.equal(1);
            expect(played.switchovers).to.deep.equal([1]);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("(10) a lane held back while state holds its SENT record keeps that record beside the reason", async () => {
        // Run 0: a 502 DCS never processed, the task list down for the whole grace: SENT goes to state. Run 1 starts with the
        // rule closed: a lane with a record runs, looks (nothing listed, master unchanged), and is held back before resending.
        const sends = [{ fault: { kind: "5xx" as const, status: 502 as const, performed: false }, listOutageMs: 40_000 }];
        const runs = [plainRun(), plainRun({ gapBeforeMs: 20_000 })];
        await play(lane({ phases: [{ sends, runs, calmFromRun: 2 }], world: { events: [laneFailed(0, 1, "start")] } }), (played, verdict) => {
            expect(played.runs[0]).to.include({ outcome: "partial" });
            expect(played.runs[0].record).to.include({ status: "SENT" });
            expect(played.runs[1].outcome).to.equal("held-back");
            expect(played.runs[1].outs).to.include({ status: "SENT" });
            expect(played.runs[1].outs!.notStartedBecause).to.match(/another instance failed/);
            expect(played.tally.get("held-back-kept-record")).to.equal(1);
            expect(requestsIn(played, 0, 1)).to.equal(0);
            expect(played.switchovers).to.deep.equal([1]);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("with continueOnFailure, another lane's failure holds nothing back", async () => {
        await play(lane({ fleet: { continueOnFailure: true }, world: { events: [laneFailed(0, 0, "start")] } }), (played, verdict) => {
            expect(played.runs[0].outcome).to.equal("success");
            expect(played.switchovers).to.deep.equal([1]);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("(15) taken out of the plan after its SUCCESS and added back under the same triggers: it swaps again (the warned outcome)", async () => {
        const schedule = lane({ phases: [{ removedAfterRun: 0 }, { start: "readded", runs: [plainRun({ gapBeforeMs: MIN })] }] });
        await play(schedule, (played, verdict) => {
            expect(played.phases[0].removed).to.equal(true);
            expect(played.switchovers).to.deep.equal([1, 1]);
            expect(verdict.readdedSwappedAgain).to.equal(1);
            expect(verdict.problems).to.deep.equal([]);
        });
    });

    it("added back while the removed lane's unlisted sync swap still runs: the new intent waits for the idle instance, then swaps once", async () => {
        // Campaign seed 20268421: the new intent read the master mid-swap, then took the old swap's switchover for its own.
        const schedule = lane({
            world: { syncListed: false },
            rest: { swaps: [{ ...PLAIN_SWAP, durationMs: 40_000 }] },
            phases: [
                { apis: apis("sync"), removedAfterRun: 0, runs: [plainRun({ kill: { mode: "after-accept" } })] },
                { start: "readded", apis: apis("sync"), runs: [plainRun({ gapBeforeMs: 5000 })] },
            ],
        });
        await play(schedule, (played, verdict) => {
            expect(played.phases[0].removed).to.equal(true);
            expect(played.phases[0].final, "killed: nothing in state when it was taken out").to.equal(undefined);
            expect(played.phases[1].final).to.include({ status: "SUCCESS", masterChanged: true });
            expect(played.switchovers, "the removed lane's swap, then the re-added one's").to.deep.equal([1, 1]);
            expect(verdict.falseSuccesses).to.equal(0);
            expect(verdict.problems).to.deep.equal([]);
        });
    });
});
