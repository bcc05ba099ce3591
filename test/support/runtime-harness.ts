import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import * as runtime from "../../provider/resources/runtime";
import { RunningSimulator, startSimulator } from "../../simulator";

/** What a runtime suite shares: one simulator, one journal directory, and the runtime configured for both. */
export interface RuntimeHarness {
    readonly sim: RunningSimulator;
    readonly journal: string;
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

/** Registers the hooks of a suite that drives the provider runtime directly against the simulator (call inside `describe`). */
export function useRuntimeHarness(): RuntimeHarness {
    const state = {} as { sim: RunningSimulator; journal: string };
    before(async () => {
        state.sim = await startSimulator({ port: 0, defaultScenario: { jobInitMs: 100, jobDurationMs: 700 } });
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
    beforeEach(() => state.sim.reset());
    return state;
}
