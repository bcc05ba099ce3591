/** Markdown and console formatting shared by the reports. */

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
    return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Fixed decimals, without "-0.00". */
export function fixed(value: number, digits = 2): string {
    if (!Number.isFinite(value)) return "n/a";
    const s = value.toFixed(digits);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

export function seconds(ms: number, digits = 1): string {
    if (!Number.isFinite(ms)) return "n/a";
    return `${fixed(ms / 1000, digits)} s`;
}

export function bytes(n: number): string {
    return n < 1024 ? `${n} B` : `${fixed(n / 1024, 2)} KB`;
}

/** A target verdict: "met" or "MISSED by …", the way every report prints it. */
export interface Verdict {
    target: string;
    actual: string;
    met: boolean;
    /** How far off, when missed (e.g. "+0.3 s", "ratio 0.66 vs 0.60"). */
    gap?: string;
}

export function verdictText(v: Verdict): string {
    return v.met ? "met" : `**missed**${v.gap ? ` (gap: ${v.gap})` : ""}`;
}

export function verdictTable(verdicts: readonly Verdict[]): string {
    return table(
        ["target", "measured", "result"],
        verdicts.map((v) => [v.target, v.actual, verdictText(v)]),
    );
}

export function printVerdicts(title: string, verdicts: readonly Verdict[]): void {
    console.log(`\n${title}`);
    for (const v of verdicts) console.log(`  ${v.met ? "MET   " : "MISSED"} ${v.target}: ${v.actual}${!v.met && v.gap ? ` (gap: ${v.gap})` : ""}`);
}
