import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { parseDocument } from "yaml";

type Step = { name?: string; run?: string; uses?: string; if?: string; with?: { command?: string }; "continue-on-error"?: unknown };

/**
 * The GitHub Actions example: valid YAML, it really gates `pulumi up` as the README says, runs a real
 * `pulumi` (never `npx pulumi`: no such binary), swallows no failure, and has the README's recovery
 * and a nightly drift gate.
 */
describe("examples/github-actions/deploy.yml", () => {
    const text = readFileSync(join(__dirname, "..", "examples", "github-actions", "deploy.yml"), "utf8");
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const wf = doc.toJS() as any;
    const steps = (job: string) => wf.jobs[job].steps as Step[];
    /** The index of the step whose `run` script has a line starting with `pulumi <command>` (flags in any order). */
    const runs = (job: string, command: RegExp) =>
        steps(job).findIndex((s) => typeof s.run === "string" && s.run.split("\n").some((line) => command.test(line.trim())));

    it("parses without errors or warnings", () => {
        expect(doc.errors.map(String)).to.deep.equal([]);
        expect(doc.warnings.map(String)).to.deep.equal([]);
    });

    it("previews on pull requests and runs up only on main", () => {
        expect(wf.on).to.have.keys("pull_request", "push", "workflow_dispatch", "schedule");
        expect(wf.on.push.branches).to.deep.equal(["main"]);
        const step = (job: string, command: string) => wf.jobs[job].steps.find((s: { with?: { command?: string } }) => s.with?.command === command);
        expect(wf.jobs.preview.if).to.contain("pull_request");
        expect(step("preview", "preview")).to.be.an("object");
        expect(step("preview", "up")).to.equal(undefined);
        expect(wf.jobs.deploy.if).to.contain("refs/heads/main");
        expect(step("deploy", "up")).to.be.an("object");
    });

    it("does not swallow a failed up: no continue-on-error before or on the up step", () => {
        const steps = wf.jobs.deploy.steps as { "continue-on-error"?: boolean; with?: { command?: string } }[];
        const upIndex = steps.findIndex((s) => s.with?.command === "up");
        expect(steps.slice(0, upIndex + 1).some((s) => s["continue-on-error"])).to.equal(false);
        expect(wf.jobs.deploy["continue-on-error"]).to.equal(undefined);
    });

    it("takes credentials from secrets, never literal values", () => {
        expect(wf.env.OS_SECRET_KEY).to.match(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
        expect(wf.env.OS_ACCESS_KEY).to.match(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
        expect(wf.env.PULUMI_ACCESS_TOKEN).to.match(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    });

    it("masks no exit code: no `|| true` and no `; true` anywhere, no continue-on-error on any job or step", () => {
        expect(text).to.not.match(/\|\|\s*true/);
        expect(text).to.not.match(/;\s*true\b/);
        for (const [name, job] of Object.entries(wf.jobs as Record<string, { steps: Step[]; "continue-on-error"?: unknown }>)) {
            expect(job["continue-on-error"], `job ${name}`).to.equal(undefined);
            expect(
                job.steps.filter((s) => s["continue-on-error"] !== undefined).map((s) => s.name),
                `steps of ${name}`,
            ).to.deep.equal([]);
        }
    });

    it("runs a real pulumi: the official action, or the CLI it installs, never `npx pulumi`", () => {
        expect(text).to.not.match(/npx\s+pulumi\b/);
        for (const [name, job] of Object.entries(wf.jobs as Record<string, { steps: Step[] }>)) {
            const cli = job.steps.findIndex((s) => typeof s.uses === "string" && /^pulumi\/actions@v\d+$/.test(s.uses));
            const firstRun = job.steps.findIndex((s) => typeof s.run === "string" && /(^|\n)\s*pulumi\s/.test(s.run));
            if (firstRun >= 0)
                expect(cli, `job ${name} installs the Pulumi CLI (pulumi/actions) before its first \`pulumi\` command`).to.be.within(0, firstRun - 1);
        }
    });

    it("has a recovery job, started by hand, that runs `pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`, in that order", () => {
        expect(wf.on.workflow_dispatch).to.have.property("inputs");
        const [name, job] = Object.entries(wf.jobs as Record<string, { if?: string }>).find(([, j]) => (j.if ?? "").includes("workflow_dispatch")) ?? [];
        expect(name, "a job run on workflow_dispatch").to.be.a("string");
        expect(job!.if).to.contain("refs/heads/main");
        const cancel = runs(name!, /^pulumi cancel\b.*--yes/);
        const refresh = runs(name!, /^pulumi refresh\b.*--clear-pending-creates/);
        const up = runs(name!, /^pulumi up\b/);
        expect(
            [cancel, refresh, up].every((i) => i >= 0),
            `cancel ${cancel}, refresh ${refresh}, up ${up}`,
        ).to.equal(true);
        expect(cancel).to.be.below(refresh);
        expect(refresh).to.be.below(up);
        expect(steps(name!)[refresh].run, "refresh runs unattended")
            .to.match(/--yes/)
            .and.to.match(/--non-interactive/);
        expect(text, "the workflow says what the recovery is for").to.match(/Recovery after an interrupted run/);
    });

    it("has a nightly drift gate: a scheduled job runs `pulumi preview --expect-no-changes`, and nothing else of pulumi", () => {
        expect(wf.on.schedule).to.be.an("array").with.length.greaterThan(0);
        for (const entry of wf.on.schedule as { cron: string }[]) expect(entry.cron.split(/\s+/)).to.have.length(5);
        const [name] = Object.entries(wf.jobs as Record<string, { if?: string }>).find(([, j]) => (j.if ?? "").includes("schedule")) ?? [];
        expect(name, "a job run on schedule").to.be.a("string");
        expect(runs(name!, /^pulumi preview\b.*--expect-no-changes/)).to.be.at.least(0);
        for (const command of [/^pulumi up\b/, /^pulumi refresh\b/, /^pulumi cancel\b/]) expect(runs(name!, command), String(command)).to.equal(-1);
        expect(
            steps(name!).some((s) => s.with?.command === "up"),
            "no up through the action",
        ).to.equal(false);
    });

    it("runs up only on main, by push or by the recovery job", () => {
        for (const [name, job] of Object.entries(wf.jobs as Record<string, { if?: string; steps: Step[] }>)) {
            const ups = runs(name, /^pulumi up\b/) >= 0 || job.steps.some((s) => s.with?.command === "up");
            if (ups) expect(job.if, `job ${name}`).to.contain("refs/heads/main");
        }
    });
});
