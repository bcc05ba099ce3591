import { expect } from "chai";
import { DcsError } from "../dcs";
import { DEFAULT_TIMEOUT_MS, parseDuration } from "../jobs";
import { parseCommandLine } from "./args";
import { UsageError } from "./errors/usage-error";
import { formatDuration } from "../jobs";

describe("dcs-jobs command line", () => {
    it("turns --timeout into one absolute deadline, counted from the time given", () => {
        expect(parseCommandLine(["wait", "j1", "--timeout", "90s"], 1_000)).to.include({ command: "wait", target: "j1", deadline: 91_000 });
        expect(parseCommandLine(["swap", "i1", "--timeout=1h30m"], 0)).to.include({ deadline: 5_400_000 });
    });

    it("defaults the deadline to DEFAULT_TIMEOUT_MS", () => {
        expect(parseCommandLine(["status", "j1"], 5)).to.include({ deadline: 5 + DEFAULT_TIMEOUT_MS });
    });

    it("formats durations so that parseDuration reads them back", () => {
        for (const ms of [DEFAULT_TIMEOUT_MS, 1000, 90_000, 5_400_000, 3_600_500]) expect(parseDuration(formatDuration(ms))).to.equal(ms);
        expect(formatDuration(30 * 60_000)).to.equal("30m");
    });

    it("throws UsageError, a DcsError, naming the command whose usage applies", () => {
        const error = catchError(() => parseCommandLine(["client-ip", "i1", "--bogus"], 0));
        expect(error).to.be.instanceOf(UsageError).and.instanceOf(DcsError);
        expect(error).to.include({ name: "UsageError", command: "client-ip", message: "unknown option --bogus" });
    });
});

function catchError(fn: () => unknown): unknown {
    try {
        fn();
    } catch (error) {
        return error;
    }
    throw new Error("expected an error");
}
