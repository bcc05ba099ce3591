/** Where results go: `bench/results/<name>.md` (committed) and `<name>.json` (raw figures). */
import { mkdirSync, readFileSync, existsSync, writeFileSync } from "fs";
import { join, resolve } from "path";

export const BENCH_DIR = resolve(__dirname, "..");
export const REPO_ROOT = resolve(BENCH_DIR, "..");
export const RESULTS_DIR = join(BENCH_DIR, "results");
/** Scratch space (Pulumi state, journals); git-ignored. */
export const TMP_DIR = join(RESULTS_DIR, "tmp");

export function writeResult(name: string, markdown: string, raw: unknown): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown.endsWith("\n") ? markdown : `${markdown}\n`);
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${compactJson(raw)}\n`);
}

export function writeResultFile(file: string, text: string): void {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, file), text);
}

/** The raw figures of an earlier run, if any (e.g. overhead reuses the scale run's RSS). */
export function readRawResult<T>(name: string): T | undefined {
    const file = join(RESULTS_DIR, `${name}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

/** Indented JSON, but arrays of numbers on one line: per-job figures stay diffable and small. */
function compactJson(value: unknown): string {
    return JSON.stringify(value, null, 1).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, body: string) => `[${body.replace(/\s+/g, "")}]`);
}
