/** Markdown of the overhead bench. */
import { Verdict, bytes, fixed, table, verdictTable } from "../lib/format";
import { ProviderSize, SIZE_LIMIT_BYTES } from "./provider-size";
import { RegistrationResult } from "./registration";

export interface RssFigure {
    run: string;
    providerPeakMiB: number;
    programPeakMiB: number;
}

export interface OverheadReportInput {
    machine: string;
    sizes: ProviderSize[];
    registration: RegistrationResult[];
    rss: RssFigure[];
    verdicts: Verdict[];
}

export function overheadMarkdown(o: OverheadReportInput): string {
    const lines = ["# Overhead: serialized provider, registration, memory", "", o.machine, ""];
    lines.push(
        "## Serialized `__provider` per resource",
        "",
        "What a real program stores in state for each resource, produced by the installed `npm pack` tarball under `pulumi.runtime.setMocks`.",
        "",
    );
    lines.push(
        table(
            ["kind", "type token", "size", "requires", "dependency code found"],
            o.sizes.map((s) => [
                s.kind,
                `\`${s.type}\``,
                bytes(s.bytes),
                s.requires.map((r) => `\`${r}\``).join(", ") || "none",
                s.markersFound.join(", ") || "none",
            ]),
        ),
        "",
    );
    const swap = o.registration.find((r) => r.kind === "swap");
    const noop = o.registration.find((r) => r.kind === "noop");
    lines.push(
        "## Program-side registration",
        "",
        `Under \`setMocks\` (no engine, no provider), in a fresh process per sample, median of ${swap?.runs ?? "?"}: the first resource (including serializing its`,
        `provider once; later resources reuse the cached text), then ${swap?.n ?? "N"} more until every id resolves.`,
        "",
    );
    lines.push(
        table(
            ["resource", "require package", "first resource", "per further resource"],
            o.registration.map((r) => [
                r.kind === "swap" ? "MasterStandbySwap" : "no-op dynamic (baseline)",
                r.kind === "swap" ? `${fixed(r.requireMs, 1)} ms` : "–",
                `${fixed(r.firstMs, 1)} ms`,
                `${fixed(r.perResourceMs, 3)} ms`,
            ]),
        ),
        "",
    );
    if (swap && noop) {
        lines.push(
            `Extra per \`MasterStandbySwap\` over the no-op: **${fixed(swap.perResourceMs - noop.perResourceMs, 3)} ms** per resource (×${fixed(swap.perResourceMs / noop.perResourceMs, 2)}).`,
            `The first resource of each kind (${fixed(swap.firstMs, 0)} ms vs ${fixed(noop.firstMs, 0)} ms) is dominated by Pulumi's closure serialization of the provider object, done once per object.`,
            "",
        );
    }
    lines.push(
        "## Peak memory (VmHWM) during the scale runs",
        "",
        "Sampled every 200 ms from `/proc/<pid>/status` of the processes under the `pulumi up` CLI: the `cmd/dynamic-provider` Node process",
        "(largest of the preview and update instances, and of the repeats) and the program (`cmd/run`).",
        "",
    );
    lines.push(
        table(
            ["run", "dynamic provider peak RSS", "program peak RSS"],
            o.rss.map((r) => [r.run, `${fixed(r.providerPeakMiB, 0)} MiB`, `${fixed(r.programPeakMiB, 0)} MiB`]),
        ),
        "",
    );
    lines.push("## Targets", "", verdictTable(o.verdicts), "", `(Size limit: ${SIZE_LIMIT_BYTES} bytes.)`, "");
    return lines.join("\n");
}
