/**
 * A plain closed-form model of the peer schedule (polls at 2, 12, 22, … s), independent of
 * `waitForJob`. If the replay of the peer policy disagrees with it, the harness is wrong.
 */
import { mean } from "../lib/stats";
import { PolicySummary } from "./summary";

export function peerModel(durationsMs: readonly number[]): Omit<PolicySummary, "p95LagMs"> {
    const rows = durationsMs.map((d) => {
        const polls = d <= 2000 ? 1 : 1 + Math.ceil((d - 2000) / 10_000);
        const detectedAt = 2000 + (polls - 1) * 10_000;
        return { lag: detectedAt - d, rel: (detectedAt - d) / d, polls };
    });
    return { meanLagMs: mean(rows.map((r) => r.lag)), meanRelativeLag: mean(rows.map((r) => r.rel)), meanGets: mean(rows.map((r) => r.polls)) };
}

/** The figures the brief quotes for this distribution; the harness must land near them. */
export const EXPECTED_PEER = { meanLagMs: 5700, meanRelativeLag: 0.74, meanGets: 7.4 };
