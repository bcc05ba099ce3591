import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "fs";
import { join, posix } from "path";
import { anchors, links, repoPath } from "../support/markdown";
import { preparePackedProject, projectRequire, run } from "../support/packed-project";

const ROOT = join(__dirname, "..", "..");
/** What the package holds besides package.json: the build, the README, the CHANGELOG and the user docs (docs/*.md, not docs/design/). */
const PACKED = /^(package\.json|README\.md|CHANGELOG\.md|docs\/[^/]+\.md|dist\/(provider|simulator)\/.+\.(js|d\.ts)|dist\/provider\/plugin\/schema\.json)$/;

/** The npm package as users get it: contents, exports, types, peer range. */
describe("npm package shape", function () {
    this.timeout(240_000);

    it("packs the compiled code, types, README, CHANGELOG and the user docs, and nothing else", async () => {
        const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
        const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
        expect(files).to.include.members([
            "package.json",
            "README.md",
            "CHANGELOG.md",
            "docs/master-standby-swap.md",
            "docs/rolling-swap.md",
            "docs/client-ip-passthrough.md",
            "docs/dcs-job.md",
            "docs/recovery.md",
            "docs/errors.md",
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/resources/runtime/index.js",
            "dist/provider/client.d.ts",
            "dist/provider/cli/index.js",
            "dist/provider/plugin/main.js",
            "dist/provider/plugin/schema.json",
            "dist/simulator/index.js",
            "dist/simulator/index.d.ts",
        ]);
        const unexpected = files.filter((f) => !PACKED.test(f));
        expect(unexpected, "unexpected files in the package").to.deep.equal([]);
        expect(files.filter((f) => /\.test\.|testing\//.test(f))).to.deep.equal([]);
    });

    it("publishes (npm publish --dry-run) with no warning but the dry run's login notice, and only the build, README, CHANGELOG and user docs", async () => {
        const { stdout, stderr } = await run("npm", ["publish", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
        const warnings = stderr
            .split("\n")
            .filter((line) => /^npm (warn|WARN|error|ERR)/.test(line))
            // A dry run without `npm login`: npm says so and packs anyway.
            .filter((line) => !/requires you to be logged in/.test(line));
        expect(warnings, "npm publish --dry-run warnings (a field npm would auto-correct, a missing bin…)").to.deep.equal([]);
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
        const published = JSON.parse(stdout)[pkg.name];
        expect(published.id).to.equal(`${pkg.name}@${pkg.version}`);
        const files: string[] = published.files.map((f: { path: string }) => f.path);
        const unexpected = files.filter((f) => !PACKED.test(f));
        expect(unexpected, "unexpected files in the published package").to.deep.equal([]);
        expect(files).to.include.members(["package.json", "dist/provider/index.js", "dist/provider/resources/runtime/index.js"]);
    });

    it("names its repository and builds dist/ on a git install (prepare: the plain tsc build)", () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
        const repo = "https://github.com/pulumi-dcs-jobs/pulumi-dcs-jobs";
        // The forms `npm pkg fix` leaves alone, so publish has nothing to correct.
        expect(pkg.repository).to.deep.equal({ type: "git", url: `git+${repo}.git` });
        expect(pkg.homepage).to.equal(`${repo}#readme`);
        expect(pkg.bugs).to.deep.equal({ url: `${repo}/issues` });
        // npm runs `prepare` for a git dependency (after installing its devDependencies), on `npm ci`
        // and before `npm pack`; never for a registry or tarball install, where dist/ is already packed.
        expect(pkg.scripts.prepare).to.equal(pkg.scripts.build);
        expect(pkg.scripts.prepare).to.match(/^tsc -p tsconfig\.json$/);
        expect(pkg.devDependencies).to.have.property("typescript");
        for (const hook of ["preinstall", "install", "postinstall"]) expect(pkg.scripts, hook).not.to.have.property(hook);
        expect(pkg.files).to.deep.equal(["dist/provider", "dist/simulator", "README.md", "CHANGELOG.md", "docs/*.md"]);
    });

    it("every link in a packed .md works from the installed package: relative ones to packed files and headings, absolute ones into this repository to files that exist", async () => {
        const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
        const packed = new Set<string>(JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path));
        const markdown = [...packed].filter((f) => f.endsWith(".md")).sort();
        expect(markdown, "README and the user docs are packed").to.include.members(["README.md", "docs/recovery.md"]);
        const text = (file: string) => readFileSync(join(ROOT, file), "utf8");
        const problems: string[] = [];
        let checked = 0;
        for (const file of markdown) {
            for (const link of links(text(file))) {
                const where = `${file}:${link.line} (${link.target})`;
                checked++;
                if (/^(mailto:|https?:)/.test(link.target)) {
                    const inRepo = repoPath(link.target);
                    if (!inRepo) continue;
                    const local = join(ROOT, inRepo.path);
                    if (!existsSync(local)) problems.push(`${where}: no ${inRepo.path} in the repository`);
                    else if (inRepo.anchor && statSync(local).isFile() && local.endsWith(".md") && !anchors(readFileSync(local, "utf8")).has(inRepo.anchor))
                        problems.push(`${where}: no heading #${inRepo.anchor} in ${inRepo.path}`);
                    continue;
                }
                const [path, anchor] = link.target.split("#", 2);
                const target = path === "" ? file : posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(path)));
                if (!packed.has(target)) {
                    problems.push(
                        `${where}: ${target} is not in the package (link to it absolutely, ${"https://github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/blob/main/…"})`,
                    );
                    continue;
                }
                if (anchor !== undefined && !anchors(text(target)).has(anchor)) problems.push(`${where}: no heading #${anchor} in ${target}`);
            }
        }
        expect(problems).to.deep.equal([]);
        expect(checked, "links checked").to.be.greaterThan(50);
    });

    it("declares a peer range from 3.139.0, no resource plugin for the Node language host, and two commands", () => {
        const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
        expect(pkg.peerDependencies["@pulumi/pulumi"]).to.equal(">=3.139.0 <4");
        expect(pkg.dependencies).not.to.have.property("@pulumi/pulumi");
        // The language host would otherwise try to download a `pulumi-resource-pulumi-dcs-jobs` plugin.
        expect(pkg.pulumi).to.equal(undefined);
        // The provider plugin for other languages is a command a user puts on PATH, not a plugin the host fetches.
        expect(pkg.bin).to.deep.equal({ "dcs-jobs": "dist/provider/cli/index.js", "pulumi-resource-dcs": "dist/provider/plugin/main.js" });
    });

    it("resolves every export, with types, from a packed install", async () => {
        const project = await preparePackedProject();
        const req = projectRequire(project.dir);
        const root = req("pulumi-dcs-jobs");
        expect(root.MasterStandbySwap).to.be.a("function");
        expect(root.waitForJob).to.be.a("function");
        expect(root.DcsClient).to.be.a("function");
        expect(req("pulumi-dcs-jobs/runtime").create).to.be.a("function");
        expect(req("pulumi-dcs-jobs/client").DcsClient).to.be.a("function");
        expect(req("pulumi-dcs-jobs/simulator").startSimulator).to.be.a("function");
        const pkg = JSON.parse(readFileSync(join(project.dir, "node_modules", "pulumi-dcs-jobs", "package.json"), "utf8"));
        for (const [subpath, target] of Object.entries(pkg.exports as Record<string, { types?: string }>)) {
            if (subpath === "./package.json") continue;
            const types = join(project.dir, "node_modules", "pulumi-dcs-jobs", target.types!);
            expect(() => readFileSync(types), `types of ${subpath}`).not.to.throw();
        }
        expect(() => req("pulumi-dcs-jobs/dist/provider/dcs/signer")).to.throw(/is not defined by "exports"/);
    });

    it("type-checks the root and every subpath from a default CommonJS TypeScript project (no node16 resolution)", async () => {
        const project = await preparePackedProject();
        const dir = mkdtempSync(join(project.dir, "cjs-"));
        writeFileSync(
            join(dir, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2020", strict: true, noEmit: true, types: [] } }),
        );
        writeFileSync(
            join(dir, "index.ts"),
            [
                'import { RollingSwap } from "pulumi-dcs-jobs";',
                'import { DcsClient, masterOf } from "pulumi-dcs-jobs/client";',
                'import { create } from "pulumi-dcs-jobs/runtime";',
                'import { startSimulator } from "pulumi-dcs-jobs/simulator";',
                "export const used = [RollingSwap, DcsClient, masterOf, create, startSimulator];",
                "",
            ].join("\n"),
        );
        const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
        const result = await run(process.execPath, [tsc, "-p", dir], { cwd: dir }).catch((error) => error.result);
        expect(`${result.stdout}${result.stderr}`.trim(), "tsc output").to.equal("");
    });
});
