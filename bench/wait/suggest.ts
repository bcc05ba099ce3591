/**
 * When the default misses a target: search a small grid of policies (all through the real waiter,
 * on the same jobs) and propose the one that meets every target with the fewest GETs, plus the
 * smallest change to the default (only the 10 s cap lowered) that meets them, if any.
 */
import { DEFAULT_POLL_POLICY, PollPolicy } from "../../provider/jobs";
import { replayAll } from "./replay";
import { PolicySummary, summarize } from "./summary";
import { Ratios, meetsAll, ratios } from "./targets";

export interface Candidate {
    policy: PollPolicy;
    summary: PolicySummary;
    ratios: Ratios;
    meetsAll: boolean;
}

export interface Suggestion {
    /** All targets met, fewest mean GETs. */
    best?: Candidate;
    /** The default with only `maxDelayMs` lowered: the largest cap that meets every target. */
    capOnly?: Candidate;
    searched: number;
}

const FIRST = [2000, 2500, 3000];
const GROWTH = [0.25, 0.3, 0.4, 0.5];
const CAP = [4000, 5000, 6000, 7000, 8000, 10_000];

export async function suggestPolicy(durationsMs: readonly number[], peer: PolicySummary, seed: number): Promise<Suggestion> {
    const candidates: Candidate[] = [];
    for (const firstDelayMs of FIRST) {
        for (const growth of GROWTH) {
            for (const maxDelayMs of CAP) {
                const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, firstDelayMs, growth, maxDelayMs };
                const summary = summarize(await replayAll(durationsMs, policy, seed));
                const r = ratios(summary, peer);
                candidates.push({ policy, summary, ratios: r, meetsAll: meetsAll(r) });
            }
        }
    }
    const passing = candidates.filter((c) => c.meetsAll).sort((a, b) => a.summary.meanGets - b.summary.meanGets);
    const capOnly = passing
        .filter((c) => c.policy.firstDelayMs === DEFAULT_POLL_POLICY.firstDelayMs && c.policy.growth === DEFAULT_POLL_POLICY.growth)
        .sort((a, b) => b.policy.maxDelayMs - a.policy.maxDelayMs)[0];
    return { best: passing[0], capOnly, searched: candidates.length };
}
