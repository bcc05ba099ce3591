import { seededRandom } from "../../support/seeded-random";

/** Seeded randomness for the chaos model: every schedule, and every coin flip in it, replays from one seed. */
export class Rng {
    private readonly next: () => number;

    constructor(seed: number) {
        this.next = seededRandom(seed);
    }

    /** Uniform in [0, 1): also handed to the lifecycle as its jitter source. */
    readonly float = (): number => this.next();

    /** Integer in [min, max], both included. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    chance(probability: number): boolean {
        return probability > 0 && this.next() < probability;
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    /** A DCS-shaped id: 32 lowercase hex characters. */
    hex32(): string {
        let s = "";
        for (let i = 0; i < 32; i++) s += Math.floor(this.next() * 16).toString(16);
        return s;
    }
}
