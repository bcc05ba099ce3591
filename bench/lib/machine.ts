/** One line describing where the figures were measured; every report starts with it. */
import { execFileSync } from "child_process";
import { cpus, loadavg, release, totalmem } from "os";

export interface Machine {
    cpu: string;
    cores: number;
    memoryGiB: number;
    kernel: string;
    node: string;
    pulumi?: string;
    date: string;
    /** 1-minute load average when the figures were written: above ~1 per core, something else was running. */
    load1: number;
    /** The code measured: commit, and whether the package's sources differed from it. */
    revision?: string;
}

export function describeMachine(pulumiBinary?: string): Machine {
    let pulumi: string | undefined;
    if (pulumiBinary) {
        try {
            pulumi = execFileSync(pulumiBinary, ["version"], { encoding: "utf8" }).trim();
        } catch {
            pulumi = undefined;
        }
    }
    return {
        cpu: cpus()[0]?.model.trim() ?? "unknown",
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        kernel: `Linux ${release()}`,
        node: process.version,
        pulumi,
        date: new Date().toISOString().slice(0, 10),
        load1: Math.round(loadavg()[0] * 100) / 100,
        revision: revision(),
    };
}

/** `abc1234`, or `abc1234 + uncommitted changes in provider/, simulator/` when the measured sources were edited. */
function revision(): string | undefined {
    try {
        const git = (...args: string[]) => execFileSync("git", args, { cwd: __dirname, encoding: "utf8" }).trim();
        const head = git("rev-parse", "--short", "HEAD");
        const dirty = ["provider", "simulator", "package.json"].filter((p) => git("status", "--porcelain", "--", `../../${p}`) !== "");
        return dirty.length ? `${head} + uncommitted changes in ${dirty.join(", ")}` : head;
    } catch {
        return undefined;
    }
}

export function machineLine(m: Machine): string {
    return `Measured ${m.date} on ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB RAM, ${m.kernel}, Node ${m.node}${m.pulumi ? `, Pulumi CLI ${m.pulumi}` : ""}; 1-min load average at the end: ${m.load1}.${m.revision ? ` Code: ${m.revision}.` : ""}`;
}
