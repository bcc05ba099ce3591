/**
 * The test tiers are folders (test/support/tiers.cjs). Every test file is in exactly one tier, and
 * the unit tier stays runnable on a machine with Node alone: a unit test that packs the package,
 * drives the Pulumi CLI, or runs Go or Python belongs in test/system or test/e2e.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { globSync } from "glob";

const tiers = require("./support/tiers.cjs");

describe("test tiers are folders", () => {
    const all: string[] = globSync(tiers.ALL).sort();
    const unit: string[] = tiers.unitSpec();
    const byFolder = (pattern: string): string[] => globSync(pattern).sort();

    it("puts every test file in exactly one tier: unit, provider host, system or e2e", () => {
        const placed = [...unit, ...byFolder(tiers.HOST), ...byFolder(tiers.SYSTEM), ...byFolder(tiers.E2E)];
        expect([...placed].sort()).to.deep.equal(all);
        expect(new Set(placed).size, "no file in two tiers").to.equal(placed.length);
    });

    it("`npm test` runs the unit tier, the provider host and the e2e smoke file; `test:all` adds every other file", () => {
        const test: string[] = tiers.testSpec();
        expect(test).to.include(tiers.E2E_SMOKE);
        expect([...unit, ...test, ...tiers.restSpec()].sort()).to.deep.equal(all);
    });

    it("keeps the unit tier free of npm pack, the Pulumi CLI, Go and Python", () => {
        // A packed install, the e2e CLI helpers, or a process started as `pulumi`, `go`, `python`, `pip`.
        const outside = /preparePackedProject|from "[./]+e2e\/cli"|\(\s*"(?:pulumi|go|python3?|pip3?)"/;
        const self = "test/tiers.test.ts";
        expect(unit.filter((file) => file !== self && outside.test(readFileSync(file, "utf8")))).to.deep.equal([]);
    });
});
