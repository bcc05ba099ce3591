/** Scale targets: no failure, one swap per resource, and a wall time close to what the rate limit allows. */
import { Verdict, seconds } from "../lib/format";
import { CaseSummary } from "./aggregate";
import { GATEWAY_RATE } from "./cases";

/** 1.25 × max(longest job, requests ÷ gateway rate) + the no-op baseline of the same size. */
export function wallBoundMs(requests: number, longestJobMs: number, baselineWallMs: number): number {
    return 1.25 * Math.max(longestJobMs, (requests / GATEWAY_RATE) * 1000) + baselineWallMs;
}

export function scaleVerdicts(s: CaseSummary, baseline: CaseSummary): Verdict[] {
    const bound = wallBoundMs(s.totalRequests, s.longestJobMs, baseline.wallMs);
    const n = s.case.n;
    const runs = s.runs.length;
    const within = s.runs.filter((r) => r.wallMs <= wallBoundMs(r.totalRequests, r.longestJobMs, baseline.wallMs)).length;
    const median = runs > 1 ? `median of ${runs} ` : "";
    return [
        {
            target: `${s.case.name}: 0 failed resources`,
            actual: `${s.failed} failed over ${runs} run${runs > 1 ? "s" : ""}`,
            met: s.failed === 0,
            gap: `${s.failed} failed`,
        },
        {
            target: `${s.case.name}: swaps = ${n}`,
            actual: s.swaps.join(", "),
            met: s.swaps.every((x) => x === n),
            gap: `${Math.min(...s.swaps) - n} in the worst run`,
        },
        {
            target: `${s.case.name}: wall ≤ 1.25 × max(longest job, requests ÷ ${GATEWAY_RATE}) + baseline = ${seconds(bound)}`,
            actual: `${median}${seconds(s.wallMs)}${runs > 1 ? ` (${within} of ${runs} runs within)` : ""}`,
            met: s.wallMs <= bound,
            gap: `${seconds(s.wallMs - bound)} over`,
        },
    ];
}
