/**
 * Pins the package root: the names it exports at run time, and (under `npm run typecheck`, which
 * `npm test` runs) the public types. A change here is a change of the public API: say so in the
 * CHANGELOG.
 */
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { expectTypeOf } from "expect-type";
import * as root from "../provider";
import type { ClientIpPassthroughArgs, DcsJobArgs, FailedSwap, MasterStandbySwapArgs, PollPolicy, RollingSwapArgs } from "../provider";
import type { ArgsOf } from "../provider/resources/runtime/fields/field";
import { clientIpPassthrough } from "../provider/resources/runtime/kinds/client-ip-passthrough";
import { dcsJob } from "../provider/resources/runtime/kinds/dcs-job";
import { masterStandbySwap } from "../provider/resources/runtime/kinds/master-standby-swap";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, sep } from "path";
import * as ts from "typescript";
import { run } from "./support/packed-project";

const ROOT_VALUES = [
    "AmbiguousTriggerError",
    "ClientIpPassthrough",
    "DEFAULT_POLL_POLICY",
    "DcsAbortedError",
    "DcsApiError",
    "DcsClient",
    "DcsConfigError",
    "DcsError",
    "DcsInstanceStateError",
    "DcsJob",
    "DcsNetworkError",
    "DcsResponseError",
    "DcsResponseTooLargeError",
    "JobFailedError",
    "JobResource",
    "JobTimeoutError",
    "MasterStandbySwap",
    "IntentAlreadyUsedError",
    "OperationFailedError",
    "OperationIntent",
    "OperationUnidentifiedError",
    "RolesUnreadableError",
    "RollingSwap",
    "RollingSwapFailedError",
    "SwapInProgressError",
    "SwitchoverUnconfirmedError",
    "waitForJob",
] as const;

const ERRORS = [
    "AmbiguousTriggerError",
    "DcsAbortedError",
    "DcsApiError",
    "DcsConfigError",
    "DcsInstanceStateError",
    "DcsNetworkError",
    "DcsResponseError",
    "DcsResponseTooLargeError",
    "JobFailedError",
    "JobTimeoutError",
    "IntentAlreadyUsedError",
    "OperationFailedError",
    "OperationUnidentifiedError",
    "RolesUnreadableError",
    "RollingSwapFailedError",
    "SwapInProgressError",
    "SwitchoverUnconfirmedError",
] as const;

/** What every job-running resource takes besides its own inputs. */
type Shared = {
    timeout?: pulumi.Input<string>;
    projectId?: pulumi.Input<string>;
    region?: pulumi.Input<string>;
    endpoint?: pulumi.Input<string>;
    pollPolicy?: pulumi.Input<Partial<PollPolicy>>;
};
/** One object type from an intersection, so that types compare by their members. */
type Flat<T> = { [K in keyof T]: T[K] };
/** The members of `Args` that `Expected` names: a new optional input is an addition, a changed one a break. */
type Known<Args, Expected> = Flat<Pick<Args, keyof Expected & keyof Args>>;

describe("public API of the package root", () => {
    it("exports exactly the resources, the errors a caller catches, DcsClient and waitForJob", () => {
        expect(Object.keys(root).sort()).to.deep.equal([...ROOT_VALUES].sort());
        expectTypeOf<keyof typeof root>().toEqualTypeOf<(typeof ROOT_VALUES)[number]>();
    });

    it("loading the root loads no module of simulator/ (a Pulumi program would pay for it)", async function () {
        this.timeout(60_000);
        // A fresh process: this one has loaded the simulator for other tests.
        const repo = join(__dirname, "..");
        const script = `require(${JSON.stringify(join(repo, "provider"))}); console.log(JSON.stringify(Object.keys(require.cache)));`;
        const { stdout } = await run(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repo });
        const loaded: string[] = JSON.parse(stdout);
        expect(
            loaded.some((file) => file.startsWith(join(repo, "provider") + sep)),
            "the root was loaded",
        ).to.equal(true);
        expect(loaded.filter((file) => file.startsWith(join(repo, "simulator") + sep))).to.deep.equal([]);
    });

    it("every error it exports is a DcsError", () => {
        for (const name of ERRORS) expect(root[name].prototype, name).to.be.instanceOf(root.DcsError);
        expectTypeOf<InstanceType<(typeof root)[(typeof ERRORS)[number]]>>().toExtend<root.DcsError>();
    });

    it("Args types are derived from the field tables and hide what the classes set (owner, intent)", () => {
        type SwapArgs = Shared & {
            instanceId: pulumi.Input<string>;
            triggers?: pulumi.Input<unknown>;
            api?: pulumi.Input<"async" | "sync" | "auto">;
            preflight?: pulumi.Input<boolean>;
            resolution?: pulumi.Input<root.Resolution>;
        };
        type ClientIpArgs = Shared & {
            instanceId: pulumi.Input<string>;
            enabled: pulumi.Input<boolean>;
            triggers?: pulumi.Input<unknown>;
            restoreOnDelete?: pulumi.Input<boolean>;
            preflight?: pulumi.Input<boolean>;
        };
        type JobArgs = Shared & {
            method: pulumi.Input<"PUT" | "POST" | "DELETE" | "PATCH">;
            path: pulumi.Input<string>;
            body?: pulumi.Input<unknown>;
            triggers?: pulumi.Input<unknown>;
            instanceId?: pulumi.Input<string>;
            resolution?: pulumi.Input<root.Resolution>;
        };
        // Each known input keeps its name, type and optionality; a new optional input is an addition.
        expectTypeOf<Known<MasterStandbySwapArgs, SwapArgs>>().toEqualTypeOf<Flat<SwapArgs>>();
        expectTypeOf<Known<ClientIpPassthroughArgs, ClientIpArgs>>().toEqualTypeOf<Flat<ClientIpArgs>>();
        expectTypeOf<Known<DcsJobArgs, JobArgs>>().toEqualTypeOf<Flat<JobArgs>>();
        // No new required input: that would break every program.
        expectTypeOf<{ instanceId: string }>().toExtend<MasterStandbySwapArgs>();
        expectTypeOf<{ instanceId: string; enabled: boolean }>().toExtend<ClientIpPassthroughArgs>();
        expectTypeOf<{ method: "PUT"; path: string }>().toExtend<DcsJobArgs>();
        // A typo or an internal field does not compile.
        // @ts-expect-error owner is set by the class
        const withOwner: MasterStandbySwapArgs = { instanceId: "i", owner: "x" };
        // @ts-expect-error instanceId is required
        const withoutId: MasterStandbySwapArgs = {};
        expect([withOwner, withoutId]).to.have.length(2);
    });

    it("the Args interfaces are plain interfaces that equal their kind's field table (a field added to one and not the other fails here)", () => {
        expectTypeOf<Flat<MasterStandbySwapArgs>>().toEqualTypeOf<Flat<ArgsOf<typeof masterStandbySwap.fields>>>();
        expectTypeOf<Flat<ClientIpPassthroughArgs>>().toEqualTypeOf<Flat<ArgsOf<typeof clientIpPassthrough.fields>>>();
        expectTypeOf<Flat<DcsJobArgs>>().toEqualTypeOf<Flat<ArgsOf<typeof dcsJob.fields>>>();
    });

    it("a misspelled input is a compiler error naming the Args interface, not the mapped type behind it", function () {
        this.timeout(60_000);
        const dir = mkdtempSync(join(tmpdir(), "dcs-args-"));
        const file = join(dir, "program.ts");
        const root = join(__dirname, "..", "provider").replace(/\\/g, "/");
        writeFileSync(
            file,
            `import { MasterStandbySwap, ClientIpPassthrough, DcsJob } from "${root}";\n` +
                `new MasterStandbySwap("a", { instanceId: "i", trigers: 1 });\n` +
                `new ClientIpPassthrough("b", { instanceId: "i", enabled: true, restoreOnDelet: true });\n` +
                `new DcsJob("c", { method: "PUT", path: "/x", bdy: 1 });\n`,
        );
        const options = {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            esModuleInterop: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
        };
        const program = ts.createProgram([file], options);
        const messages = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        rmSync(dir, { recursive: true, force: true });
        expect(messages, messages.join("\n")).to.have.length(3);
        expect(messages[0]).to.contain("'trigers' does not exist in type 'MasterStandbySwapArgs'");
        expect(messages[1]).to.contain("'restoreOnDelet' does not exist in type 'ClientIpPassthroughArgs'");
        expect(messages[2]).to.contain("'bdy' does not exist in type 'DcsJobArgs'");
    });

    it("RollingSwapArgs: plain ids and options decided at construction, Inputs where a swap takes them", () => {
        type Expected = Shared & {
            instanceIds: string[];
            order?: string[];
            maxParallel?: number;
            triggers?: pulumi.Input<unknown>;
            instanceTriggers?: Record<string, pulumi.Input<unknown>>;
            continueOnFailure?: boolean;
            api?: pulumi.Input<"async" | "sync" | "auto">;
            preflight?: boolean;
        };
        expectTypeOf<Known<RollingSwapArgs, Expected>>().toEqualTypeOf<Flat<Expected>>();
        expectTypeOf<{ instanceIds: string[] }>().toExtend<RollingSwapArgs>();
        expectTypeOf<FailedSwap>().toEqualTypeOf<{ instanceId: string; reason: string }>();
        expectTypeOf<root.RollingSwap["failed"]>().toEqualTypeOf<pulumi.Output<FailedSwap[]>>();
    });
});
