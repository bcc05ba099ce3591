/**
 * Pins `pulumi-dcs-jobs/client` (provider/client.ts): every name it exports, values and types, and
 * that none of them comes from the signer. A change here is a change of the public API: say so in
 * the CHANGELOG.
 */
import { expect } from "chai";
import { expectTypeOf } from "expect-type";
import { join } from "path";
import * as ts from "typescript";
import * as client from "../provider/client";
import * as signer from "../provider/dcs/signer";

const CLIENT_VALUES = [
    "AmbiguousTriggerError",
    "DEFAULT_POLL_POLICY",
    "DEFAULT_REQUEST_TIMEOUT_MS",
    "DEFAULT_TIMEOUT_MS",
    "DcsAbortedError",
    "DcsApiError",
    "DcsClient",
    "DcsConfigError",
    "DcsError",
    "DcsInstanceStateError",
    "DcsNetworkError",
    "DcsResponseError",
    "DcsResponseTooLargeError",
    "JOB_STATUS",
    "JobFailedError",
    "JobTimeoutError",
    "MAX_TASK_PAGE",
    "RequestBudget",
    "masterOf",
    "systemClock",
    "waitForJob",
] as const;

const CLIENT_TYPES = [
    "CallOptions",
    "Clock",
    "DcsAbortReason",
    "DcsAnswerInfo",
    "DcsApiErrorDetails",
    "DcsBackgroundTask",
    "DcsClientOptions",
    "DcsCloud",
    "DcsConnectionOptions",
    "DcsCredentials",
    "DcsErrorClass",
    "DcsExchange",
    "DcsInstance",
    "DcsJobInfo",
    "DcsMaster",
    "DcsNode",
    "DcsRequest",
    "DcsTaskPage",
    "JobCall",
    "JobReader",
    "JobStatus",
    "PollPolicy",
    "ReportedStatus",
    "RequestPriority",
    "RetryOptions",
    "TaskRange",
    "TriggerEvent",
    "TriggerOptions",
    "TriggerResult",
    "TriggerSpec",
    "WaitOptions",
] as const;

/** Every name a module exports, values and types, each with the file that declares it. */
function exportsOf(file: string): Map<string, string[]> {
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const names = new Map<string, string[]>();
    for (const symbol of checker.getExportsOfModule(module)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        names.set(
            symbol.name,
            (target.declarations ?? []).map((d) => d.getSourceFile().fileName),
        );
    }
    return names;
}

describe("public API of pulumi-dcs-jobs/client", function () {
    this.timeout(60_000);
    const names = exportsOf(join(__dirname, "..", "provider", "client.ts"));

    it("exports exactly the curated values: the client, its errors, waitForJob and what their options need", () => {
        expect(Object.keys(client).sort()).to.deep.equal([...CLIENT_VALUES].sort());
        expectTypeOf<keyof typeof client>().toEqualTypeOf<(typeof CLIENT_VALUES)[number]>();
    });

    it("exports exactly the curated names, types included", () => {
        expect([...names.keys()].sort()).to.deep.equal([...CLIENT_VALUES, ...CLIENT_TYPES].sort());
    });

    it("exports nothing of the signer (canonical request, string to sign, HMAC, date format)", () => {
        const fromSigner = [...names].filter(([, files]) => files.some((f) => /provider\/dcs\/signer\.ts$/.test(f))).map(([name]) => name);
        expect(fromSigner).to.deep.equal([]);
        const signerNames = [...Object.keys(signer), "AkSkCredentials", "SignableRequest", "Signature"];
        expect(signerNames).to.include.members(["signRequest", "computeSignature", "parseAuthorization", "formatSdkDate", "SIGNING_ALGORITHM"]);
        expect(signerNames.filter((name) => names.has(name))).to.deep.equal([]);
    });

    it("DcsClient's public members: one method per call, and a task list that says it is one page", () => {
        type Members =
            | "projectId"
            | "endpoint"
            | "showJob"
            | "showInstance"
            | "showNodes"
            | "listBackgroundTaskPage"
            | "swapMasterStandby"
            | "swapMasterStandbySync"
            | "setClientIpPassthrough"
            | "triggerJob"
            | "trigger";
        expectTypeOf<keyof client.DcsClient>().toEqualTypeOf<Members>();
        expect(client.DcsClient.prototype).not.to.have.property("listBackgroundTasks");
    });

    it("every error it exports is a DcsError", () => {
        for (const name of CLIENT_VALUES.filter((n) => n.endsWith("Error") && n !== "DcsError"))
            expect((client as any)[name].prototype, name).to.be.instanceOf(client.DcsError);
    });
});
