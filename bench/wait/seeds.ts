/** How much the ours÷peer ratios move with the job sample: the same bench on other seeds. */
import { PollPolicy } from "../../provider/jobs";
import { logUniform, seededRandom } from "../lib/random";
import { replayAll } from "./replay";
import { summarize } from "./summary";
import { Ratios, meetsAll, ratios } from "./targets";

export interface SeedSpread {
    seeds: number[];
    min: Ratios;
    max: Ratios;
    /** Seeds on which some target is missed. */
    failing: number[];
}

export async function seedSpread(
    ours: PollPolicy,
    peer: PollPolicy,
    seeds: number[],
    jobs: number,
    minMs: number,
    maxMs: number,
    jitterSeed: number,
): Promise<SeedSpread> {
    const all: { seed: number; r: Ratios }[] = [];
    for (const seed of seeds) {
        const random = seededRandom(seed);
        const durations = Array.from({ length: jobs }, () => Math.round(logUniform(random, minMs, maxMs)));
        const r = ratios(summarize(await replayAll(durations, ours, jitterSeed)), summarize(await replayAll(durations, peer, jitterSeed)));
        all.push({ seed, r });
    }
    const pick = (f: (...v: number[]) => number) => {
        const keys = Object.keys(all[0].r) as (keyof Ratios)[];
        return Object.fromEntries(keys.map((k) => [k, f(...all.map((a) => a.r[k]))])) as unknown as Ratios;
    };
    return { seeds, min: pick(Math.min), max: pick(Math.max), failing: all.filter((a) => !meetsAll(a.r)).map((a) => a.seed) };
}
