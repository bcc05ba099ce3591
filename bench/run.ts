/**
 * `npm run bench`: builds the package, makes sure the Pulumi CLI is in .tools/bin, then runs the
 * four benches and writes bench/results/*.md, *.json and wait-policy.svg.
 *
 *   --only=wait-policy,scale,overhead,chaos   run a subset (overhead then reads scale.json for RSS)
 *   --extra-budget=40|none                    the second dcs:maxRequestsPerSecond tried at N = 200 (default 40)
 *   --no-build                                skip `npm run build` (the tarball then packs the current dist/)
 *   --schedules=N                             chaos schedules (default 10000)
 */
import { cleanupPackedProjects, run } from "../test/support/packed-project";
import { Verdict } from "./lib/format";
import { REPO_ROOT, writeResultFile } from "./lib/results";
import { summaryMarkdown } from "./summary";
import { runChaosBench } from "./chaos";
import { runOverheadBench } from "./overhead";
import { runScaleBench } from "./scale";
import { CaseSummary } from "./scale/aggregate";
import { runWaitPolicyBench } from "./wait-policy";

const BENCHES = ["wait-policy", "scale", "overhead", "chaos"] as const;

function arg(name: string): string | undefined {
    return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

async function step(label: string, cmd: string, args: string[]): Promise<void> {
    const started = Date.now();
    await run(cmd, args, { cwd: REPO_ROOT, timeoutMs: 15 * 60_000 });
    console.log(`${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function main(): Promise<void> {
    const started = Date.now();
    const only = arg("only")?.split(",") ?? [...BENCHES];
    const extra = arg("extra-budget") ?? "40";
    const needsPulumi = only.includes("scale") || only.includes("overhead");

    if (needsPulumi && !process.argv.includes("--no-build")) await step("built the package", "npm", ["run", "--silent", "build"]);
    if (only.includes("scale")) await step("Pulumi CLI ready in .tools/bin", "bash", ["scripts/install-pulumi-cli.sh"]);

    const sections: { title: string; file: string; verdicts: Verdict[] }[] = [];
    if (only.includes("wait-policy")) sections.push({ title: "Wait policy", file: "wait-policy.md", verdicts: (await runWaitPolicyBench()).verdicts });
    let scale: CaseSummary[] | undefined;
    if (only.includes("scale")) {
        const result = await runScaleBench({ extraBudget: extra === "none" ? undefined : Number(extra) });
        scale = result.summaries;
        sections.push({ title: "Scale under throttling", file: "scale.md", verdicts: result.verdicts });
    }
    if (only.includes("overhead")) sections.push({ title: "Overhead", file: "overhead.md", verdicts: await runOverheadBench(scale) });
    if (only.includes("chaos")) sections.push({ title: "Exactly-once chaos", file: "chaos.md", verdicts: await runChaosBench() });
    await cleanupPackedProjects();

    const totalMs = Date.now() - started;
    // The summary describes one complete run; a partial run leaves it alone.
    if (only.length === BENCHES.length) writeResultFile("summary.md", summaryMarkdown(sections, totalMs));
    console.log(`\nbench finished in ${(totalMs / 1000).toFixed(0)} s; results in bench/results/`);
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
