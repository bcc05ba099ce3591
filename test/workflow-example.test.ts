import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { parseDocument } from "yaml";

/** The GitHub Actions example: valid YAML, and it really gates `pulumi up` as the README says. */
describe("examples/github-actions/deploy.yml", () => {
    const text = readFileSync(join(__dirname, "..", "examples", "github-actions", "deploy.yml"), "utf8");
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const wf = doc.toJS() as any;

    it("parses without errors or warnings", () => {
        expect(doc.errors.map(String)).to.deep.equal([]);
        expect(doc.warnings.map(String)).to.deep.equal([]);
    });

    it("previews on pull requests and runs up only on main", () => {
        expect(wf.on).to.have.keys("pull_request", "push");
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
});
