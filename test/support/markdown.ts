/**
 * Just enough Markdown for the documentation tests: headings and their GitHub anchors, links, and
 * pipe tables. Fenced code blocks and inline code are never read as links.
 */

/** The repository every absolute link into this project names (package.json `repository`). */
export const REPO_URL = "https://github.com/pulumi-dcs-jobs/pulumi-dcs-jobs";
const RAW_URL = "https://raw.githubusercontent.com/pulumi-dcs-jobs/pulumi-dcs-jobs";

/** The lines outside fenced code blocks, with their 1-based line numbers. */
function proseLines(text: string): { line: string; n: number }[] {
    const out: { line: string; n: number }[] = [];
    let fence: string | undefined;
    text.split("\n").forEach((line, i) => {
        const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
        if (marker && (fence === undefined || marker.startsWith(fence))) {
            fence = fence === undefined ? marker : undefined;
            return;
        }
        if (fence === undefined) out.push({ line, n: i + 1 });
    });
    return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function slug(heading: string): string {
    const text = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link shows its text
        .replace(/<[^>]+>/g, "")
        .trim()
        .toLowerCase();
    return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** Every anchor the file's headings make, duplicates numbered as GitHub does (`-1`, `-2`…). */
export function anchors(text: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const { line } of proseLines(text)) {
        const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!m) continue;
        const base = slug(m[1]);
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        out.add(count === 0 ? base : `${base}-${count}`);
    }
    return out;
}

export interface Link {
    target: string;
    line: number;
    image: boolean;
}

/** Inline links and images, outside code. */
export function links(text: string): Link[] {
    const out: Link[] = [];
    for (const { line, n } of proseLines(text)) {
        const prose = line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
        for (const m of prose.matchAll(/(!?)\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
            out.push({ target: m[2], line: n, image: m[1] === "!" });
        }
    }
    return out;
}

/** A link into this repository on GitHub, as a path in it (and anchor); undefined for any other URL. */
export function repoPath(target: string): { path: string; anchor?: string } | undefined {
    const [url, anchor] = target.split("#", 2);
    for (const prefix of [`${REPO_URL}/blob/main/`, `${REPO_URL}/tree/main/`, `${RAW_URL}/main/`]) {
        if (url.startsWith(prefix)) return { path: decodeURIComponent(url.slice(prefix.length).replace(/\?.*$/, "")), anchor };
    }
    return undefined;
}

/** A pipe table: its header cells and rows of cells, as written (backticks kept). */
export interface Table {
    header: string[];
    rows: string[][];
    /** The nearest heading above the table. */
    section: string;
}

function cells(line: string): string[] {
    const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    // `\|` inside a cell is a literal bar (e.g. a union type).
    return inner.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, "|").trim());
}

export function tables(text: string): Table[] {
    const lines = proseLines(text).map((l) => l.line);
    const out: Table[] = [];
    let section = "";
    for (let i = 0; i < lines.length; i++) {
        const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]);
        if (heading) section = heading[1];
        if (!lines[i].trim().startsWith("|") || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? "")) continue;
        const header = cells(lines[i]);
        const rows: string[][] = [];
        let j = i + 2;
        for (; j < lines.length && lines[j].trim().startsWith("|"); j++) rows.push(cells(lines[j]));
        out.push({ header, rows, section });
        i = j - 1;
    }
    return out;
}

/** The names in backticks of a table cell (`a`, `b` → ["a", "b"]). */
export function codeNames(cell: string): string[] {
    return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}
