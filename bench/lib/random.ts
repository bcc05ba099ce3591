/** Seeded randomness, so every run of the bench replays the same jobs. */

export { seededRandom } from "../../test/support/seeded-random";

/** Log-uniform in [min, max]: as many jobs between 2 and 20 s as between 20 and 200 s. */
export function logUniform(random: () => number, min: number, max: number): number {
    return Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)));
}

export function uniform(random: () => number, min: number, max: number): number {
    return min + random() * (max - min);
}

/** A version-4-shaped UUID drawn from `random` (DCS instance ids are UUIDs). */
export function seededUuid(random: () => number): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = "4";
    hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
