/**
 * Bench 3 — overhead: serialized `__provider` size per resource kind, program-side registration
 * time against a no-op dynamic resource, and the provider process's peak RSS at N = 200 (taken
 * from the scale runs, passed in or read from bench/results/scale.json).
 */
import { runAsScript } from "./lib/main";
import { Verdict, bytes, fixed, printVerdicts } from "./lib/format";
import { describeMachine, machineLine } from "./lib/machine";
import { readRawResult, writeResult } from "./lib/results";
import { measureProviderSizes } from "./overhead/provider-size";
import { measureRegistration } from "./overhead/registration";
import { RssFigure, overheadMarkdown } from "./overhead/report";
import { prepareBenchProject } from "./scale/project";
import { CaseSummary } from "./scale/aggregate";

const REGISTRATION_N = 200;
const REGISTRATION_RUNS = 5;

export async function runOverheadBench(scale?: CaseSummary[]): Promise<Verdict[]> {
    console.log("\n== overhead");
    const dir = await prepareBenchProject();
    const sizes = await measureProviderSizes(dir);
    const registration = [
        await measureRegistration(dir, "noop", REGISTRATION_N, REGISTRATION_RUNS),
        await measureRegistration(dir, "swap", REGISTRATION_N, REGISTRATION_RUNS),
    ];
    const summaries: Pick<CaseSummary, "case" | "providerPeakKiB" | "programPeakKiB">[] =
        scale ?? readRawResult<{ summaries: CaseSummary[] }>("scale")?.summaries ?? [];
    const rss: RssFigure[] = summaries.map((s) => ({ run: s.case.name, providerPeakMiB: s.providerPeakKiB / 1024, programPeakMiB: s.programPeakKiB / 1024 }));

    const verdicts: Verdict[] = sizes.map((s) => ({
        target: `${s.kind} __provider < 4 KB, no dependency code`,
        actual: `${bytes(s.bytes)}, requires ${s.requires.join(", ") || "nothing"}${s.markersFound.length ? `, found ${s.markersFound.join(", ")}` : ""}`,
        met: s.ok,
        gap: s.ok ? undefined : `${s.bytes - 4096 > 0 ? `${s.bytes - 4096} B over` : "dependency code captured"}`,
    }));
    const machine = machineLine(describeMachine());
    writeResult("overhead", overheadMarkdown({ machine, sizes, registration, rss, verdicts }), { sizes, registration, rss, verdicts });

    for (const s of sizes) console.log(`  __provider ${s.kind.padEnd(20)} ${bytes(s.bytes).padStart(8)}  requires ${s.requires.join(", ")}`);
    for (const r of registration)
        console.log(
            `  registration ${r.kind.padEnd(5)} first ${fixed(r.firstMs, 1)} ms, then ${fixed(r.perResourceMs, 3)} ms/resource${r.kind === "swap" ? ` (require ${fixed(r.requireMs, 1)} ms)` : ""}`,
        );
    for (const r of rss) console.log(`  peak RSS ${r.run.padEnd(22)} provider ${fixed(r.providerPeakMiB, 0)} MiB, program ${fixed(r.programPeakMiB, 0)} MiB`);
    printVerdicts("  overhead targets", verdicts);
    return verdicts;
}

if (require.main === module) runAsScript(() => runOverheadBench());
