/** bench/results/summary.md: every target of one complete run, and how long the run took. */
import { Verdict, verdictTable } from "./lib/format";
import { describeMachine, machineLine } from "./lib/machine";
import { PULUMI } from "./scale/pulumi";

export function summaryMarkdown(sections: { title: string; file: string; verdicts: Verdict[] }[], totalMs: number): string {
    const total = Math.round(totalMs / 1000);
    const met = sections.flatMap((s) => s.verdicts).filter((v) => v.met).length;
    const all = sections.flatMap((s) => s.verdicts).length;
    const lines = [
        "# Bench summary",
        "",
        machineLine(describeMachine(PULUMI)),
        "",
        `One \`npm run bench\` (build, Pulumi CLI check, all three benches) took **${Math.floor(total / 60)} min ${total % 60} s**. Targets met: **${met} of ${all}**.`,
        "",
    ];
    for (const s of sections) lines.push(`## ${s.title} ([details](${s.file}))`, "", verdictTable(s.verdicts), "");
    return lines.join("\n");
}
