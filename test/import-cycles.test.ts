/**
 * No import cycles in the package, type-only imports included: each file can be read after the
 * ones it imports (issue 21). ESLint enforces the layers; this catches cycles inside a layer.
 */
import { expect } from "chai";
import { existsSync, readFileSync } from "fs";
import { globSync } from "glob";
import { dirname, join } from "path";

/** Relative imports and re-exports of a file, resolved to files (`x.ts` or `x/index.ts`). */
function importsOf(file: string): string[] {
    const source = readFileSync(file, "utf8");
    const found: string[] = [];
    for (const match of source.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["'](\.[^"']+)["']/g)) {
        const base = join(dirname(file), match[1]);
        const resolved = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
        if (resolved) found.push(resolved);
    }
    return found;
}

/** Every cycle met by a depth-first walk, each as the chain of files that closes it. */
function cycles(files: string[], imports: (file: string) => string[] = importsOf): string[][] {
    const graph = new Map(files.map((file) => [file, imports(file)]));
    const state = new Map<string, "open" | "done">();
    const path: string[] = [];
    const found: string[][] = [];
    const visit = (file: string): void => {
        state.set(file, "open");
        path.push(file);
        for (const next of graph.get(file) ?? []) {
            if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next]);
            else if (!state.has(next)) visit(next);
        }
        path.pop();
        state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    return found;
}

describe("imports", () => {
    it("have no cycles in provider/ or simulator/, type-only imports included", () => {
        const files = globSync(["provider/**/*.ts", "simulator/**/*.ts"], { ignore: ["**/*.test.ts"] }).sort();
        expect(files.length).to.be.above(50);
        expect(cycles(files).map((cycle) => cycle.join(" → "))).to.deep.equal([]);
    });

    it("reports a cycle with its chain (the walk itself, on a made-up graph)", () => {
        const graph: Record<string, string[]> = { a: ["b"], b: ["c"], c: ["a"], d: ["a"] };
        expect(cycles(Object.keys(graph), (file) => graph[file])).to.deep.equal([["a", "b", "c", "a"]]);
        expect(cycles(["a", "b"], (file) => ({ a: ["b"], b: [] })[file] ?? [])).to.deep.equal([]);
    });
});
