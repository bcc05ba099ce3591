/**
 * The user docs' tables say what the code has: the errors named are the error classes the package
 * root exports, and each resource page's inputs and outputs tables follow its kind's field table
 * and output list (provider/resources/runtime/kinds/*.ts), the source of truth.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import * as root from "../provider";
import { Fields, OnChange } from "../provider/resources/runtime/fields/field";
import { KINDS } from "../provider/resources/runtime/kinds";
import { Table, codeNames, tables } from "./support/markdown";

const ROOT = join(__dirname, "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const USER_DOCS = [
    "README.md",
    ...readdirSync(join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];

/** The error classes the package root exports (what `require("pulumi-dcs-jobs")` gives). */
const EXPORTED_ERRORS = Object.entries(root as Record<string, unknown>)
    .filter(([, value]) => typeof value === "function" && value.prototype instanceof Error)
    .map(([name]) => name)
    .sort();

/** The table of a page whose first header cell is `first` (and, if given, under that section). */
function tableOf(file: string, first: string, section?: string): Table {
    const found = tables(read(file)).filter((t) => t.header[0] === first && (section === undefined || t.section === section));
    expect(found, `${file}: one table headed "${first}"${section ? ` under "${section}"` : ""}`).to.have.length(1);
    return found[0];
}

/** What the "on change" column says for each kind of field. */
const ON_CHANGE: Record<OnChange, RegExp> = { replace: /^replace\b/, rerun: /^runs again\b/, update: /^update\b/, ignore: /^ignored\b/ };

describe("docs: the tables match the exported API", () => {
    it("the package root exports error classes (the test sees them)", () => {
        expect(EXPORTED_ERRORS).to.include.members(["DcsError", "JobFailedError", "RollingSwapFailedError", "DcsResponseTooLargeError"]);
    });

    it("docs/errors.md's table names every exported error class, and only those", () => {
        const named = tableOf("docs/errors.md", "class").rows.flatMap((row) => codeNames(row[0]));
        expect([...named].sort()).to.deep.equal(EXPORTED_ERRORS);
    });

    it("every table of errors, and every `…Error` named in README and docs/*.md, is an exported class", () => {
        for (const file of USER_DOCS) {
            for (const table of tables(read(file)).filter((t) => t.header[0] === "class")) {
                for (const name of table.rows.flatMap((row) => codeNames(row[0]))) expect(EXPORTED_ERRORS, `${file}: ${name}`).to.include(name);
            }
            const mentioned = [...read(file).matchAll(/`([A-Z][A-Za-z]*Error)\b[^`]*`/g)].map((m) => m[1]);
            for (const name of mentioned) expect(EXPORTED_ERRORS, `${file} names ${name}`).to.include(name);
        }
    });

    const PAGES: [string, keyof typeof KINDS][] = [
        ["docs/master-standby-swap.md", "MasterStandbySwap"],
        ["docs/client-ip-passthrough.md", "ClientIpPassthrough"],
        ["docs/dcs-job.md", "DcsJob"],
    ];
    for (const [page, kind] of PAGES) {
        describe(`${page} (${kind})`, () => {
            const definition = KINDS[kind];
            const fields = definition.fields as Fields;
            const publicFields = Object.entries(fields).filter(([, f]) => !f.internal);

            it("its inputs table lists every public field of the kind's field table, and nothing else", () => {
                const documented = tableOf(page, "input").rows.map((row) => codeNames(row[0])[0]);
                expect([...documented].sort()).to.deep.equal(publicFields.map(([name]) => name).sort());
            });

            it("says required exactly for the required fields, and what a change does as the field table does", () => {
                for (const row of tableOf(page, "input").rows) {
                    const [cell, , defaultCell, onChangeCell] = row;
                    const name = codeNames(cell)[0];
                    const field = fields[name];
                    expect(defaultCell === "required", `${name}: required`).to.equal(field.required);
                    expect(onChangeCell, `${name}: on change (${field.onChange})`).to.match(ON_CHANGE[field.onChange]);
                }
            });

            it("its outputs table lists exactly the kind's outputs", () => {
                const documented = tableOf(page, "output").rows.map((row) => codeNames(row[0])[0]);
                expect([...documented].sort()).to.deep.equal([...definition.outputs].sort());
            });
        });
    }

    describe("docs/rolling-swap.md (RollingSwap, a component: its Args interface and class)", function () {
        // A real type check of provider/resources/rolling-swap.ts (a few seconds).
        this.timeout(60_000);
        const file = join(ROOT, "provider", "resources", "rolling-swap.ts");
        const program = ts.createProgram([file], {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            strict: true,
            noEmit: true,
            skipLibCheck: true,
        });
        const checker = program.getTypeChecker();
        const source = program.getSourceFile(file)!;
        const declared = (name: string) => {
            let node: ts.InterfaceDeclaration | ts.ClassDeclaration | undefined;
            source.forEachChild((n) => {
                if ((ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n)) && n.name?.text === name) node = n;
            });
            expect(node, name).to.not.equal(undefined);
            return checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(node!.name!)!);
        };

        it("its inputs table lists every property of RollingSwapArgs, and nothing else; required exactly for the required ones", () => {
            const props = checker.getPropertiesOfType(declared("RollingSwapArgs"));
            const rows = tableOf("docs/rolling-swap.md", "input").rows;
            expect(rows.map((row) => codeNames(row[0])[0]).sort()).to.deep.equal(props.map((p) => p.name).sort());
            for (const row of rows) {
                const prop = props.find((p) => p.name === codeNames(row[0])[0])!;
                expect(row[2] === "required", `${prop.name}: required`).to.equal((prop.flags & ts.SymbolFlags.Optional) === 0);
            }
        });

        it("its outputs table lists the public readonly properties of the class", () => {
            const props = checker
                .getPropertiesOfType(declared("RollingSwap"))
                .filter(
                    (p) => p.valueDeclaration && ts.isPropertyDeclaration(p.valueDeclaration) && p.valueDeclaration.parent.name?.getText() === "RollingSwap",
                )
                .map((p) => p.name);
            const documented = tableOf("docs/rolling-swap.md", "output").rows.map((row) => codeNames(row[0])[0]);
            expect([...documented].sort()).to.deep.equal([...props].sort());
        });
    });
});
