import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Clock, systemClock, wallNow } from "../../provider/dcs";
import * as runtime from "../../provider/resources/runtime";
import { useRuntimeClock } from "../../provider/resources/runtime/clock";
import { RunningSimulator, startSimulator } from "../../simulator";
import { LoopClock } from "./virtual-clock";

/** What a runtime suite shares: one simulator, one journal directory, and the runtime configured for both. */
export interface RuntimeHarness {
    readonly sim: RunningSimulator;
    readonly journal: string;
    /**
     * With `virtualTime`: this test's clock, shared by the runtime and the simulator (a fresh one per
     * test); `systemClock` otherwise, or after `realTime()`.
     */
    readonly clock: Clock;
    /** Virtual ms this test has run (on `clock`); real ones on the real clock. */
    elapsed(): number;
    /** Sleeps on `clock`: what a test waits for the simulated cloud with. */
    sleep(ms: number): Promise<void>;
    /** This test runs on real time (child processes, flows that wait for real I/O while another sleeps); call first. */
    realTime(): void;
    /**
     * After `realTime()`, once the real-time part is over (a child process killed): the rest of the
     * test runs on a fresh `LoopClock` that starts at the real time now, so the simulator's clock
     * goes on from where it was; `elapsed()` counts on across the switch.
     */
    virtualFromNow(): void;
}

/** Fast polling, so that a test waits for the simulated job and not for the schedule. */
export const FAST_POLLING = { firstDelayMs: 200, minDelayMs: 100, maxDelayMs: 300 };

/** Swap inputs as a resource class would send them, with fast polling. */
export const swapInputs = (instanceId: string, extra: Record<string, unknown> = {}) => ({
    instanceId,
    owner: "proj/dev/swap",
    pollPolicy: FAST_POLLING,
    ...extra,
});

/** `dcs:*` config pointing at the simulator. */
export function simulatorConfig(sim: RunningSimulator): Record<string, string> {
    return { "dcs:accessKey": sim.credentials.accessKey, "dcs:secretKey": sim.credentials.secretKey, "dcs:projectId": sim.projectId, "dcs:endpoint": sim.url };
}

/**
 * Registers the hooks of a suite that drives the provider runtime directly against the simulator (call inside `describe`).
 * `virtualTime`: each test runs the runtime and the simulator on a fresh `LoopClock` (graces and looks take
 * milliseconds; the grace itself is the real one), unless it calls `h.realTime()`.
 */
export function useRuntimeHarness(options: { virtualTime?: boolean } = {}): RuntimeHarness {
    let clock: Clock = systemClock;
    let started = 0;
    let restore: (() => void) | undefined;
    const state = {
        get clock() {
            return clock;
        },
        elapsed: () => clock.now() - started,
        sleep: (ms: number) => clock.sleep(ms),
        realTime() {
            restore?.();
            restore = undefined;
            clock = systemClock;
            started = clock.now();
        },
        virtualFromNow() {
            const soFar = clock.now() - started;
            restore?.();
            clock = new LoopClock();
            restore = useRuntimeClock(clock);
            started = clock.now() - soFar;
        },
    } as RuntimeHarness & { sim: RunningSimulator; journal: string };
    before(async () => {
        // The simulated cloud reads the test's clock as it is now: virtual, or the real wall clock.
        state.sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 700 }, now: () => wallNow(clock) });
        state.journal = mkdtempSync(join(tmpdir(), "dcs-journal-"));
        process.env.DCS_JOBS_JOURNAL_DIR = state.journal;
        const config = simulatorConfig(state.sim);
        await runtime.configure({ config: { get: (key: string) => config[key] } });
    });
    after(async () => {
        delete process.env.DCS_JOBS_JOURNAL_DIR;
        rmSync(state.journal, { recursive: true, force: true });
        await state.sim.stop();
    });
    beforeEach(() => {
        clock = options.virtualTime ? new LoopClock() : systemClock;
        if (options.virtualTime) restore = useRuntimeClock(clock);
        started = clock.now();
        state.sim.reset();
    });
    afterEach(() => {
        restore?.();
        restore = undefined;
        clock = systemClock;
    });
    return state;
}
