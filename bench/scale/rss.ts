/**
 * Peak memory of processes under a root pid (the Pulumi CLI), by sampling `/proc/<pid>/status`.
 * VmHWM is the kernel's own high-water mark of resident memory, so sampling only has to catch the
 * process before it exits, not at its peak.
 */
import { readFileSync, readdirSync } from "fs";

export interface ProcessPeak {
    pid: number;
    role: string;
    peakRssKiB: number;
}

/** Role of a process by its command line, or undefined when it is not watched. */
export type Classifier = (cmdline: string) => string | undefined;

export function providerOrProgram(cmdline: string): string | undefined {
    if (cmdline.includes("cmd/dynamic-provider")) return "dynamic-provider";
    if (cmdline.includes("cmd/run")) return "program";
    return undefined;
}

function readOr(path: string): string | undefined {
    try {
        return readFileSync(path, "utf8");
    } catch {
        return undefined;
    }
}

/** Pids of every live descendant of `root`. */
function descendants(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const name of readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        const stat = readOr(`/proc/${name}/stat`);
        if (!stat) continue;
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const list = children.get(ppid) ?? [];
        list.push(Number(name));
        children.set(ppid, list);
    }
    const out: number[] = [];
    const queue = [root];
    while (queue.length) {
        for (const child of children.get(queue.shift()!) ?? []) {
            out.push(child);
            queue.push(child);
        }
    }
    return out;
}

export class TreeSampler {
    private readonly peaks = new Map<number, ProcessPeak>();
    private readonly timer: NodeJS.Timeout;

    constructor(
        private readonly root: number,
        private readonly classify: Classifier = providerOrProgram,
        intervalMs = 200,
    ) {
        this.timer = setInterval(() => this.sample(), intervalMs);
    }

    private sample(): void {
        for (const pid of descendants(this.root)) {
            const cmdline = readOr(`/proc/${pid}/cmdline`)?.replace(/\0/g, " ");
            const role = cmdline && this.classify(cmdline);
            if (!role) continue;
            const hwm = /VmHWM:\s+(\d+) kB/.exec(readOr(`/proc/${pid}/status`) ?? "");
            if (!hwm) continue;
            const kib = Number(hwm[1]);
            const known = this.peaks.get(pid);
            if (!known || kib > known.peakRssKiB) this.peaks.set(pid, { pid, role, peakRssKiB: kib });
        }
    }

    stop(): ProcessPeak[] {
        clearInterval(this.timer);
        return [...this.peaks.values()];
    }
}
