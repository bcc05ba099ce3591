/** The wait-policy targets, judged against the peer on the same jobs. */
import { Verdict, fixed, seconds } from "../lib/format";
import { PolicySummary } from "./summary";

export const TARGETS = {
    /** Our mean relative lag ≤ 0.2 × the peer's. */
    relativeLagRatio: 0.2,
    /** Our mean lag ≤ 0.6 × the peer's. */
    lagRatio: 0.6,
    /** Our mean GETs per job ≤ 1.5 × the peer's. */
    getsRatio: 1.5,
};

export interface Ratios {
    meanLag: number;
    p95Lag: number;
    meanRelativeLag: number;
    meanGets: number;
}

export function ratios(ours: PolicySummary, peer: PolicySummary): Ratios {
    return {
        meanLag: ours.meanLagMs / peer.meanLagMs,
        p95Lag: ours.p95LagMs / peer.p95LagMs,
        meanRelativeLag: ours.meanRelativeLag / peer.meanRelativeLag,
        meanGets: ours.meanGets / peer.meanGets,
    };
}

export function meetsAll(r: Ratios): boolean {
    return r.meanRelativeLag <= TARGETS.relativeLagRatio && r.meanLag <= TARGETS.lagRatio && r.meanGets <= TARGETS.getsRatio;
}

export function verdicts(ours: PolicySummary, peer: PolicySummary): Verdict[] {
    const r = ratios(ours, peer);
    const check = (target: string, ratio: number, limit: number, actual: string, gapUnit: (excess: number) => string): Verdict => ({
        target,
        actual: `${actual} → ratio ${fixed(ratio, 3)}`,
        met: ratio <= limit,
        gap: ratio <= limit ? undefined : `ratio ${fixed(ratio, 3)} > ${limit}; ${gapUnit(ratio - limit)} too much`,
    });
    return [
        check(
            `mean relative lag ≤ ${TARGETS.relativeLagRatio} × peer`,
            r.meanRelativeLag,
            TARGETS.relativeLagRatio,
            `${fixed(ours.meanRelativeLag, 3)} vs ${fixed(peer.meanRelativeLag, 3)}`,
            (x) => fixed(x * peer.meanRelativeLag, 3),
        ),
        check(`mean lag ≤ ${TARGETS.lagRatio} × peer`, r.meanLag, TARGETS.lagRatio, `${seconds(ours.meanLagMs, 2)} vs ${seconds(peer.meanLagMs, 2)}`, (x) =>
            seconds(x * peer.meanLagMs, 2),
        ),
        check(
            `mean GETs/job ≤ ${TARGETS.getsRatio} × peer`,
            r.meanGets,
            TARGETS.getsRatio,
            `${fixed(ours.meanGets, 2)} vs ${fixed(peer.meanGets, 2)}`,
            (x) => `${fixed(x * peer.meanGets, 2)} GETs`,
        ),
    ];
}
