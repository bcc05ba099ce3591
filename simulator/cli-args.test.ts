import { expect } from "chai";
import { parseCli } from "./cli-args";
import { FRIENDLY_TASK_LISTING } from "./index";

describe("simulator: CLI arguments", () => {
    it("passes only the behaviour flags given, so a scenario file's values still apply", () => {
        expect(parseCli([]).behaviour).to.deep.equal({});
        expect(
            parseCli([
                "--cloud",
                "otc",
                "--task-sort",
                "desc",
                "--task-appear-delay",
                "0",
                "--honour-start-time",
                "--clock-skew=-30000",
                "--sync-swap-lists-task",
            ]).behaviour,
        ).to.deep.equal({
            cloud: "otc",
            taskSortOrder: "desc",
            taskAppearDelayMs: 0,
            honourTaskStartTime: true,
            serverClockSkewMs: -30000,
            syncSwapListsTask: true,
        });
    });

    it("--friendly-task-listing spreads FRIENDLY_TASK_LISTING; explicit flags win", () => {
        expect(parseCli(["--friendly-task-listing"]).behaviour).to.deep.equal(FRIENDLY_TASK_LISTING);
        expect(parseCli(["--friendly-task-listing", "--task-sort", "asc"]).behaviour).to.include({ taskSortOrder: "asc", taskAppearDelayMs: 0 });
    });

    it("refuses bad values naming the flag", () => {
        for (const [args, message] of [
            [["--cloud", "aws"], "--cloud must be one of huaweicloud, otc, got aws"],
            [["--task-sort", "newest"], "--task-sort must be asc or desc, got newest"],
            [["--task-appear-delay=-1"], "--task-appear-delay must be whole milliseconds >= 0, got -1"],
            [["--task-appear-delay", "1.5"], "--task-appear-delay must be whole milliseconds >= 0"],
            [["--clock-skew", "soon"], "--clock-skew must be whole milliseconds, got soon"],
            [["--retry-after", "1"], "--retry-after needs --rate-limit"],
        ] as const) {
            expect(() => parseCli([...args]), args.join(" ")).to.throw(message);
        }
    });
});
