import { Clock, DcsClient } from "../../provider/dcs";
import { RunningSimulator } from "../../simulator";

/**
 * A client of the in-process simulator that retries fast and gives up on a request after 2 s, for
 * lifecycle tests whose faults and graces are scaled down (no configuration or environment read).
 * `clock`: what its retries sleep on and its deadlines are read from (a test's `LoopClock`); the real clock otherwise.
 */
export function fastSimulatorClient(sim: RunningSimulator, options: { clock?: Clock } = {}): DcsClient {
    return new DcsClient({
        endpoint: sim.url,
        projectId: sim.projectId,
        credentials: sim.credentials,
        requestTimeoutMs: 2000,
        retry: { baseDelayMs: 20, throttleBaseDelayMs: 50, maxDelayMs: 200 },
        env: {},
        clock: options.clock,
    });
}
