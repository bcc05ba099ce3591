/** The history bench's two targets for "ours + history": relative lag, and GETs against the peer on the same re-runs. */
import { Verdict, fixed } from "../lib/format";
import { PolicySummary } from "./summary";

export const HISTORY_TARGETS = {
    /** Mean of (detected − end) ÷ duration over the re-runs. */
    maxMeanRelativeLag: 0.05,
    /** Mean GETs per job ≤ this × the peer's. */
    getsRatio: 1,
};

export function historyMeetsAll(history: PolicySummary, peer: PolicySummary): boolean {
    return history.meanRelativeLag <= HISTORY_TARGETS.maxMeanRelativeLag && history.meanGets <= HISTORY_TARGETS.getsRatio * peer.meanGets;
}

export function historyVerdicts(history: PolicySummary, peer: PolicySummary): Verdict[] {
    const rel = history.meanRelativeLag;
    const maxGets = HISTORY_TARGETS.getsRatio * peer.meanGets;
    return [
        {
            target: `ours + history: mean relative lag ≤ ${HISTORY_TARGETS.maxMeanRelativeLag}`,
            actual: fixed(rel, 4),
            met: rel <= HISTORY_TARGETS.maxMeanRelativeLag,
            gap: rel <= HISTORY_TARGETS.maxMeanRelativeLag ? undefined : `+${fixed(rel - HISTORY_TARGETS.maxMeanRelativeLag, 4)}`,
        },
        {
            target: "ours + history: mean GETs/job ≤ peer's",
            actual: `${fixed(history.meanGets, 2)} vs ${fixed(peer.meanGets, 2)} → ratio ${fixed(history.meanGets / peer.meanGets, 3)}`,
            met: history.meanGets <= maxGets,
            gap: history.meanGets <= maxGets ? undefined : `+${fixed(history.meanGets - maxGets, 2)} GETs`,
        },
    ];
}
