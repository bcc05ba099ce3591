/** Largest unit first, as `formatDuration` writes them. */
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses Go-style durations as Pulumi's `customTimeouts` take them: "30m", "1h30m", "90s", "1500ms". */
export function parseDuration(text: string): number | undefined {
    const trimmed = text.trim();
    if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
    let total = 0;
    for (const [, value, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * UNIT_MS[unit];
    return total;
}

/** "95000" → "1m35s", for progress lines. */
export function formatElapsed(ms: number): string {
    const seconds = Math.round(ms / 1000);
    return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** 1_800_000 → "30m": the shortest form `parseDuration` reads back, i.e. what one would type. */
export function formatDuration(ms: number): string {
    let rest = ms;
    let text = "";
    for (const [unit, size] of Object.entries(UNIT_MS)) {
        const count = Math.floor(rest / size);
        if (count > 0) text += `${count}${unit}`;
        rest -= count * size;
    }
    return text || "0s";
}
