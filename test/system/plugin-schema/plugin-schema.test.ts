/**
 * The `dcs` plugin's schema (provider/plugin/schema.json) is generated from the field tables
 * (tools/schema-gen), bound by Pulumi's own schema binder and turned into a Python SDK by Pulumi's
 * own code generator (tools/sdk-gen, built from Go modules), which pip installs and Python imports.
 * A field added to a table reaches the schema and the Python SDK with no other edit.
 */
import { expect } from "chai";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO_ROOT, runProcess } from "../../support/packed-project";
import { Venv, ensureVenv, pipInstallInto } from "../../support/python-venv";
import { PackageSpec, generateSchema } from "../../../tools/schema-gen/schema";
import { SCHEMA_PATH } from "../../../tools/schema-gen/cli";
import { KINDS } from "../../../provider/resources/runtime/kinds";

const REQUIREMENTS = join(__dirname, "requirements.txt");
const SWAP = "dcs:index:MasterStandbySwap";

/** Prints what Python sees of the generated SDK: the swap's Args parameters, their doc, an enum. */
const INSPECT = `
import inspect, json, pulumi_dcs as dcs
init = dcs.MasterStandbySwapArgs.__init__
print(json.dumps({
    "params": [p for p in inspect.signature(init).parameters if p != "__self__"],
    "doc": init.__doc__,
    "api": [e.value for e in dcs.MasterStandbySwapApi],
    "resources": sorted(n for n in ("MasterStandbySwap", "DcsJob", "ClientIpPassthrough", "Provider") if hasattr(dcs, n)),
}))
`;

interface PythonView {
    params: string[];
    doc: string;
    api: string[];
    resources: string[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("the dcs plugin schema: generated from the field tables, checked and turned into SDKs by Pulumi's own code", function () {
    this.timeout(600_000);
    let sdkGen: string;
    let work: string;
    let venv: Venv;

    before(async function () {
        const built = await runProcess("bash", [join(REPO_ROOT, "scripts", "sdk-gen.sh")], { timeoutMs: 900_000 });
        if (built.code !== 0) throw new Error(`scripts/sdk-gen.sh failed:\n${built.stderr}`);
        sdkGen = built.stdout.trim();
        venv = await ensureVenv({ requirements: REQUIREMENTS, modules: ["pulumi", "semver", "setuptools"] });
        work = mkdtempSync(join(tmpdir(), "dcs-plugin-schema-"));
    });
    after(() => work && rmSync(work, { recursive: true, force: true }));

    /** Binds `schemaPath`, generates the Python SDK, pip installs it into a folder and inspects it. */
    async function pythonSdkOf(schemaPath: string, label: string): Promise<{ view: PythonView; bind: string }> {
        const out = join(work, label);
        const gen = await runProcess(sdkGen, [schemaPath, out, "python"]);
        expect(gen.code, `sdk-gen: ${gen.stderr}`).to.equal(0);
        const site = join(out, "site");
        await pipInstallInto(venv, site, [join(out, "python")], work);
        const python = await runProcess(venv.python, ["-c", INSPECT], { env: { ...process.env, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" } });
        expect(python.code, `python: ${python.stderr}`).to.equal(0);
        return { view: JSON.parse(python.stdout) as PythonView, bind: gen.stdout };
    }

    it("the committed provider/plugin/schema.json is what the sources give (`npm run schema` writes it)", () => {
        const committed = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
        expect(generateSchema({ root: REPO_ROOT })).to.deep.equal(committed);
    });

    it("the committed SDKs in sdk/ are what Pulumi's generators make of it (`bash scripts/generate-sdks.sh` writes them), and the Go one compiles", async () => {
        const out = join(work, "sdks");
        const gen = await runProcess("bash", [join(REPO_ROOT, "scripts", "generate-sdks.sh"), out], { timeoutMs: 300_000 });
        expect(gen.code, gen.stderr).to.equal(0);
        for (const dir of ["python", join("go", "dcs")]) expect(tree(join(REPO_ROOT, "sdk", dir)), `sdk/${dir}`).to.deep.equal(tree(join(out, dir)));
        const build = await runProcess("go", ["vet", "./..."], { cwd: join(REPO_ROOT, "sdk"), timeoutMs: 600_000 });
        expect(build.code, `go vet of the Go SDK: ${build.stderr}`).to.equal(0);
    });

    it("Pulumi's schema binder accepts it with no diagnostic", async () => {
        const bound = await runProcess(sdkGen, [SCHEMA_PATH]);
        expect(bound.code, bound.stderr).to.equal(0);
        expect(bound.stderr).to.equal("");
        expect(bound.stdout).to.match(/binds: 3 resources, \d+ types, 0 diagnostics/);
    });

    it("says what the tables say: inputs, required, replace, descriptions, secrets, components", () => {
        const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PackageSpec;
        const swap = schema.resources[SWAP];
        const publicFields = Object.entries(KINDS.MasterStandbySwap.fields).filter(([, field]) => !field.internal);
        expect(Object.keys(swap.inputProperties).sort()).to.deep.equal(publicFields.map(([name]) => name).sort());
        expect(swap.requiredInputs).to.deep.equal(["instanceId"]);
        expect(swap.isComponent, "a component: its intent is registered before the swap").to.equal(true);
        expect(swap.inputProperties.instanceId.description).to.contain("The DCS instance");
        expect(swap.inputProperties.timeout.description, "a shared field keeps its doc comment").to.contain("Overall deadline");
        expect(swap.inputProperties.api).to.include({ $ref: "#/types/dcs:index:MasterStandbySwapApi" });
        expect(swap.properties.jobId).to.include({ type: "string" });
        expect(swap.required).to.include.members(["status", "instanceId"]);
        expect(swap.required, "absent when DCS started no job").to.not.include.members(["jobId"]);
        const clientIp = schema.resources["dcs:index:ClientIpPassthrough"];
        expect(clientIp.isComponent).to.equal(undefined);
        expect(clientIp.inputProperties.instanceId.replaceOnChanges, "instanceId replaces").to.equal(true);
        expect(clientIp.inputProperties.enabled.replaceOnChanges, "enabled re-runs in place").to.equal(undefined);
        for (const key of ["accessKey", "secretKey", "securityToken", "token"])
            expect(schema.config.variables[key].secret, `dcs:${key} is a secret`).to.equal(true);
        expect(schema.config.variables.region.description).to.contain("OS_REGION_NAME");
        expect(Object.keys(schema.provider.properties), "no secret is an output of the provider").to.not.include.members(["secretKey", "token"]);
    });

    it("Pulumi's Python code generator makes an SDK that pip installs and imports, with the table's inputs and doc comments", async () => {
        const { view } = await pythonSdkOf(SCHEMA_PATH, "committed");
        const publicFields = Object.entries(KINDS.MasterStandbySwap.fields).filter(([, field]) => !field.internal);
        expect([...view.params].sort()).to.deep.equal(publicFields.map(([name]) => snake(name)).sort());
        expect(view.doc).to.contain("instance_id: The DCS instance");
        expect(view.api).to.deep.equal(["async", "auto", "sync"]);
        expect(view.resources).to.deep.equal(["ClientIpPassthrough", "DcsJob", "MasterStandbySwap", "Provider"]);
    });

    it("a field added to a kind's table reaches the schema and the Python SDK with no other edit", async () => {
        // An edited copy of the sources: one line in the swap's table, nothing else.
        const src = join(work, "edited");
        cpSync(join(REPO_ROOT, "provider"), join(src, "provider"), { recursive: true });
        for (const file of ["tsconfig.json", "package.json"]) cpSync(join(REPO_ROOT, file), join(src, file));
        symlinkSync(join(REPO_ROOT, "node_modules"), join(src, "node_modules"));
        const kindFile = join(src, "provider", "resources", "runtime", "kinds", "master-standby-swap.ts");
        const table = readFileSync(kindFile, "utf8");
        const anchor = '        adoptSwap: optional<string>(rules.dcsId, "ignore"),\n';
        expect(table, "the line the note goes after").to.contain(anchor);
        const note = '        /** Free text kept with the swap (e.g. the change ticket). */\n        note: optional<string>(rules.text, "update"),\n';
        writeFileSync(kindFile, table.replace(anchor, anchor + note));

        // The runtime's kinds of the copy (ts-node compiles it), and its TypeScript sources.
        const { KINDS: editedKinds } = require(join(src, "provider", "resources", "runtime", "kinds")) as { KINDS: typeof KINDS };
        const schema = generateSchema({ root: src, kinds: editedKinds });
        expect(schema.resources[SWAP].inputProperties.note).to.deep.equal({
            type: "string",
            description: "Free text kept with the swap (e.g. the change ticket).",
        });
        expect(schema.resources[SWAP].properties.note, "an output too").to.include({ type: "string" });
        const schemaPath = join(src, "schema.json");
        writeFileSync(schemaPath, JSON.stringify(schema));

        const { view } = await pythonSdkOf(schemaPath, "with-note");
        expect(view.params).to.include("note");
        expect(view.doc).to.contain("note: Free text kept with the swap");
    });
});

/** Every file under `dir` and its text, by relative path. */
function tree(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        files[relative(dir, path)] = readFileSync(path, "utf8");
    }
    return files;
}
