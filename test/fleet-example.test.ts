import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";
import { parseDocument } from "yaml";

/**
 * examples/fleet-maintenance: the workflow gates `pulumi up` as its README says, and the program
 * type-checks against this package's source (no build, no Pulumi CLI) and sets the stop rule.
 */
const ROOT = join(__dirname, "..");
const EXAMPLE = join(ROOT, "examples", "fleet-maintenance");

type Step = { name?: string; run?: string; uses?: string; env?: Record<string, string>; "continue-on-error"?: unknown };
type Job = {
    needs?: string | string[];
    environment?: string | { name: string };
    steps: Step[];
    outputs?: Record<string, string>;
    "continue-on-error"?: unknown;
};

describe("examples/fleet-maintenance/maintenance.yml", () => {
    const text = readFileSync(join(EXAMPLE, "maintenance.yml"), "utf8");
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const wf = doc.toJS() as { on: Record<string, any>; env: Record<string, string>; jobs: Record<string, Job> };
    const runs = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => typeof s.run === "string" && pattern.test(s.run));
    const PREVIEW = /^\s*pulumi preview\b/m;
    const UP = /^\s*pulumi up\b/m;

    it("parses without errors or warnings", () => {
        expect(doc.errors.map(String)).to.deep.equal([]);
        expect(doc.warnings.map(String)).to.deep.equal([]);
    });

    it("is started by hand with the zone and the ticket, both required", () => {
        expect(Object.keys(wf.on)).to.deep.equal(["workflow_dispatch"]);
        const inputs = wf.on.workflow_dispatch.inputs;
        expect(inputs).to.have.keys("drain_az", "ticket");
        expect(inputs.drain_az.required).to.equal(true);
        expect(inputs.ticket.required).to.equal(true);
    });

    it("previews in one job, and runs up only in a job that needs the preview and waits for an environment approval", () => {
        const { preview, up } = wf.jobs;
        expect(preview, "a preview job").to.be.an("object");
        expect(up, "an up job").to.be.an("object");
        expect(runs(preview, PREVIEW), "preview runs `pulumi preview`").to.be.at.least(0);
        expect(runs(preview, UP), "preview never runs `pulumi up`").to.equal(-1);
        expect(runs(up, UP), "up runs `pulumi up`").to.be.at.least(0);
        expect([up.needs].flat(), "up needs preview").to.include("preview");
        const environment = typeof up.environment === "string" ? up.environment : up.environment?.name;
        expect(environment, "up waits for an environment (its required reviewers approve)").to.be.a("string").and.not.equal("");
        for (const [name, job] of Object.entries(wf.jobs)) {
            if (name !== "up") expect(runs(job, UP), `job ${name} runs no \`pulumi up\``).to.equal(-1);
        }
    });

    it("up swaps the list its preview job selected, not a new selection", () => {
        const { preview, up } = wf.jobs;
        expect(preview.outputs?.instances, "preview publishes the selection").to.match(/^\$\{\{ steps\.select\.outputs\.instances \}\}$/);
        const upStep = up.steps[runs(up, UP)];
        expect(upStep.env?.INSTANCES).to.equal("${{ needs.preview.outputs.instances }}");
        expect(upStep.run).to.match(/pulumi config set [^\n]*instances "\$INSTANCES"/);
        expect(runs(up, /select-fleet/), "up does not select again").to.equal(-1);
    });

    it("hides no failure in a shell: no `|| true` anywhere", () => {
        expect(text).to.not.match(/\|\|\s*true/);
    });

    it("does not swallow a failed up: no continue-on-error on the up job, or on its steps before or on `pulumi up`", () => {
        const up = wf.jobs.up;
        const upIndex = runs(up, UP);
        expect(up["continue-on-error"]).to.equal(undefined);
        expect(up.steps.slice(0, upIndex + 1).filter((s) => s["continue-on-error"] !== undefined)).to.deep.equal([]);
        expect(up.steps[upIndex].run, "nothing masks the exit code of `pulumi up`").to.not.match(/pulumi up[^\n]*(\|\||;\s*true)/);
    });

    it("passes the inputs to scripts through the environment, never pasted into them", () => {
        for (const [name, job] of Object.entries(wf.jobs)) {
            for (const step of job.steps) if (step.run) expect(step.run, `a run script of job ${name}`).to.not.contain("${{");
        }
        expect(wf.env.DRAIN_AZ).to.equal("${{ inputs.drain_az }}");
        expect(wf.env.TICKET).to.equal("${{ inputs.ticket }}");
    });

    it("takes credentials from secrets, never literal values", () => {
        for (const key of ["HW_ACCESS_KEY", "HW_SECRET_KEY", "PULUMI_ACCESS_TOKEN"]) expect(wf.env[key], key).to.match(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    });
});

describe("examples/fleet-maintenance program", function () {
    // A real type check of the example against provider/ (a few seconds).
    this.timeout(60_000);
    const files = ["index.ts", "select-fleet.ts"].map((f) => join(EXAMPLE, f));
    const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        typeRoots: [join(ROOT, "node_modules", "@types")],
        // The package as its source, and the repo's one @pulumi/pulumi (never a copy in the example's node_modules).
        baseUrl: ROOT,
        paths: {
            "pulumi-dcs-jobs": ["provider/index.ts"],
            "pulumi-dcs-jobs/client": ["provider/client.ts"],
            "@pulumi/pulumi": ["node_modules/@pulumi/pulumi"],
        },
    };
    // Parsed once for both programs: only the type check is done twice.
    const host = ts.createCompilerHost(options);
    const parsed = new Map<string, ts.SourceFile | undefined>();
    const parse = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => {
        if (!parsed.has(name)) parsed.set(name, parse(name, version, ...rest));
        return parsed.get(name);
    };

    /** Type errors of the example's files, with `index.ts` replaced by `indexText` when given. */
    function typeErrors(indexText?: string): string[] {
        parsed.delete(files[0]);
        if (indexText !== undefined) parsed.set(files[0], ts.createSourceFile(files[0], indexText, ts.ScriptTarget.ES2022));
        const program = ts.createProgram(files, options, host);
        return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }

    const indexText = readFileSync(files[0], "utf8");
    const source = ts.createSourceFile("index.ts", indexText, ts.ScriptTarget.ES2022, true);

    it("index.ts and select-fleet.ts type-check against the package source", () => {
        expect(typeErrors()).to.deep.equal([]);
    });

    it("the type check catches a wrong argument (so the previous test can fail)", () => {
        const broken = indexText.replace(/continueOnFailure: false/, 'continueOnFailure: "no"');
        expect(broken).to.not.equal(indexText);
        const errors = typeErrors(broken);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.match(/fleet-maintenance\/index\.ts: Type 'string' is not assignable to type 'boolean/);
    });

    /** The object literal passed to `new RollingSwap(name, {...})`. */
    function rollingSwapArgs(): Map<string, string> {
        const found: ts.ObjectLiteralExpression[] = [];
        const visit = (node: ts.Node): void => {
            if (
                ts.isNewExpression(node) &&
                node.expression.getText(source) === "RollingSwap" &&
                node.arguments?.[1] &&
                ts.isObjectLiteralExpression(node.arguments[1])
            ) {
                found.push(node.arguments[1]);
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
        expect(found, "exactly one `new RollingSwap(name, { ... })`").to.have.length(1);
        const props = new Map<string, string>();
        for (const p of found[0].properties) if (ts.isPropertyAssignment(p)) props.set(p.name.getText(source), p.initializer.getText(source));
        return props;
    }

    it("is a RollingSwap over the `instances` config, maxParallel from config (default 2), stop rule on, the ticket as trigger", () => {
        const args = rollingSwapArgs();
        expect(args.get("instanceIds")).to.equal("instances");
        expect(indexText).to.match(/const instances = config\.requireObject<string\[\]>\("instances"\)/);
        expect(args.get("maxParallel")).to.equal('config.getNumber("maxParallel") ?? 2');
        expect(args.get("continueOnFailure")).to.equal("false");
        expect(args.get("triggers")).to.contain("ticket");
        expect(indexText).to.match(/const ticket = config\.require\("ticket"\)/);
    });

    it("exports swapped, failed and notStarted from the RollingSwap", () => {
        const exported = new Map<string, string>();
        for (const statement of source.statements) {
            if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
            for (const d of statement.declarationList.declarations) exported.set(d.name.getText(source), d.initializer?.getText(source) ?? "");
        }
        for (const key of ["swapped", "failed", "notStarted"]) expect(exported.get(key), `export ${key}`).to.equal(`maintenance.${key}`);
    });
});
