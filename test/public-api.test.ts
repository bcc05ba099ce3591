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
import type { FleetPreflight, RollingSwapResult, SwapOutcome } from "../provider/resources";
import {
    internal,
    optional,
    type ArgsOf,
    type Fields,
    type OptionalArgsOf,
    type OutputsOf,
    type RequiredArgsOf,
} from "../provider/resources/runtime/fields/field";
import { rules } from "../provider/resources/runtime/fields/rules";
import { clientIpPassthrough } from "../provider/resources/runtime/kinds/client-ip-passthrough";
import { dcsJob } from "../provider/resources/runtime/kinds/dcs-job";
import { fleetPreflight } from "../provider/resources/runtime/kinds/fleet-preflight";
import { masterStandbySwap } from "../provider/resources/runtime/kinds/master-standby-swap";
import { operationIntent } from "../provider/resources/runtime/kinds/operation-intent";
import { rollingSwapResult } from "../provider/resources/runtime/kinds/rolling-swap-result";
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
    "JOB_STATUS",
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
/** The same inputs, echoed as the class's outputs. */
type SharedOutputs = {
    readonly timeout: pulumi.Output<string | undefined>;
    readonly projectId: pulumi.Output<string | undefined>;
    readonly region: pulumi.Output<string | undefined>;
    readonly endpoint: pulumi.Output<string | undefined>;
};
type PollOutputs = { readonly pollPolicy: pulumi.Output<Partial<PollPolicy> | undefined> };
/** One object type from an intersection, so that types compare by their members. */
type Flat<T> = { [K in keyof T]: T[K] };
/** The members of `Args` that `Expected` names: a new optional input is an addition, a changed one a break. */
type Known<Args, Expected> = Flat<Pick<Args, keyof Expected & keyof Args>>;
/** The members of a resource class named by its kind's public inputs (`keyof ArgsOf`, whose keys are derived apart from `OutputsOf`). */
type EchoedBy<Class, F extends Fields> = Flat<Pick<Class, keyof ArgsOf<F> & keyof Class>>;

/**
 * The worked example of ARCHITECTURE.md ("a new optional input on `MasterStandbySwap`"), on a copy of
 * the swap's table: the one line gives `ArgsOf` its member and the class its typed output, with no other edit.
 */
const swapFieldsWithNote = {
    ...masterStandbySwap.fields,
    /** Free text kept with the swap (e.g. the change ticket); a change runs nothing. */
    note: optional<string>(rules.text, "update"),
};
/** `MasterStandbySwap` as it would be with that line: the class merges `OutputsOf` its table, as the real one does. */
interface SwapWithNote extends root.JobResource, OutputsOf<typeof swapFieldsWithNote> {}
/** `MasterStandbySwapArgs` as it would be with that line: derived from the table as `provider/resources/args.ts` derives the real one. */
interface SwapArgsWithNote extends RequiredArgsOf<typeof swapFieldsWithNote>, OptionalArgsOf<typeof swapFieldsWithNote> {}

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
        const { stdout } = await run(process.execPath, ["-r", "./test/support/register.cjs", "-e", script], { cwd: repo });
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

    it("the Args interfaces are derived from their kind's field table (nothing to keep in step by hand)", () => {
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

    it("each input of a kind's field table is a typed output of its class, `| undefined` where optional; internal fields are not", () => {
        type SwapOutputs = SharedOutputs &
            PollOutputs & {
                readonly instanceId: pulumi.Output<string>;
                readonly triggers: pulumi.Output<unknown>;
                readonly api: pulumi.Output<"async" | "sync" | "auto" | undefined>;
                readonly preflight: pulumi.Output<boolean | undefined>;
                readonly adoptSwap: pulumi.Output<string | undefined>;
                readonly resolution: pulumi.Output<root.Resolution | undefined>;
            };
        type ClientIpOutputs = SharedOutputs &
            PollOutputs & {
                readonly instanceId: pulumi.Output<string>;
                readonly enabled: pulumi.Output<boolean>;
                readonly triggers: pulumi.Output<unknown>;
                readonly restoreOnDelete: pulumi.Output<boolean | undefined>;
                readonly preflight: pulumi.Output<boolean | undefined>;
            };
        type JobOutputs = SharedOutputs &
            PollOutputs & {
                readonly method: pulumi.Output<"PUT" | "POST" | "DELETE" | "PATCH">;
                readonly path: pulumi.Output<string>;
                readonly body: pulumi.Output<unknown>;
                readonly triggers: pulumi.Output<unknown>;
                readonly instanceId: pulumi.Output<string | undefined>;
                readonly resolution: pulumi.Output<root.Resolution | undefined>;
            };
        type IntentOutputs = SharedOutputs & {
            readonly forKind: pulumi.Output<"MasterStandbySwap" | "DcsJob">;
            readonly instanceId: pulumi.Output<string | undefined>;
            readonly taskName: pulumi.Output<string | undefined>;
            readonly key: pulumi.Output<unknown>;
        };
        type PreflightOutputs = SharedOutputs & { readonly instanceIds: pulumi.Output<string[]> };
        type ResultOutputs = { readonly fleet: pulumi.Output<string>; readonly outcomes: pulumi.Output<SwapOutcome[]> };
        // Every public input of each table is a member of its class...
        expectTypeOf<keyof ArgsOf<typeof masterStandbySwap.fields>>().toExtend<keyof root.MasterStandbySwap>();
        expectTypeOf<keyof ArgsOf<typeof clientIpPassthrough.fields>>().toExtend<keyof root.ClientIpPassthrough>();
        expectTypeOf<keyof ArgsOf<typeof dcsJob.fields>>().toExtend<keyof root.DcsJob>();
        expectTypeOf<keyof ArgsOf<typeof operationIntent.fields>>().toExtend<keyof root.OperationIntent>();
        expectTypeOf<keyof ArgsOf<typeof fleetPreflight.fields>>().toExtend<keyof FleetPreflight>();
        expectTypeOf<keyof ArgsOf<typeof rollingSwapResult.fields>>().toExtend<keyof RollingSwapResult>();
        // ...typed by the table (`Output<T>`, `Output<T | undefined>` where optional)...
        expectTypeOf<EchoedBy<root.MasterStandbySwap, typeof masterStandbySwap.fields>>().toEqualTypeOf<Flat<OutputsOf<typeof masterStandbySwap.fields>>>();
        expectTypeOf<EchoedBy<root.ClientIpPassthrough, typeof clientIpPassthrough.fields>>().toEqualTypeOf<
            Flat<OutputsOf<typeof clientIpPassthrough.fields>>
        >();
        expectTypeOf<EchoedBy<root.DcsJob, typeof dcsJob.fields>>().toEqualTypeOf<Flat<OutputsOf<typeof dcsJob.fields>>>();
        expectTypeOf<EchoedBy<root.OperationIntent, typeof operationIntent.fields>>().toEqualTypeOf<Flat<OutputsOf<typeof operationIntent.fields>>>();
        expectTypeOf<EchoedBy<FleetPreflight, typeof fleetPreflight.fields>>().toEqualTypeOf<Flat<OutputsOf<typeof fleetPreflight.fields>>>();
        expectTypeOf<EchoedBy<RollingSwapResult, typeof rollingSwapResult.fields>>().toEqualTypeOf<Flat<OutputsOf<typeof rollingSwapResult.fields>>>();
        // ...and, written out, each known one keeps its name and type (a new optional input is an addition, a changed one a break).
        expectTypeOf<Known<root.MasterStandbySwap, SwapOutputs>>().toEqualTypeOf<Flat<SwapOutputs>>();
        expectTypeOf<Known<root.ClientIpPassthrough, ClientIpOutputs>>().toEqualTypeOf<Flat<ClientIpOutputs>>();
        expectTypeOf<Known<root.DcsJob, JobOutputs>>().toEqualTypeOf<Flat<JobOutputs>>();
        expectTypeOf<Known<root.OperationIntent, IntentOutputs>>().toEqualTypeOf<Flat<IntentOutputs>>();
        expectTypeOf<Known<FleetPreflight, PreflightOutputs>>().toEqualTypeOf<Flat<PreflightOutputs>>();
        expectTypeOf<Known<RollingSwapResult, ResultOutputs>>().toEqualTypeOf<Flat<ResultOutputs>>();
        // The outputs that are not inputs stay as they were.
        expectTypeOf<root.MasterStandbySwap["masterNode"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
        expectTypeOf<root.MasterStandbySwap["status"]>().toEqualTypeOf<pulumi.Output<string>>();
        expectTypeOf<root.OperationIntent["intentId"]>().toEqualTypeOf<pulumi.Output<string>>();
        // Internal fields (set by the class, stored hidden) are no outputs.
        expectTypeOf<root.MasterStandbySwap>().not.toHaveProperty("owner");
        expectTypeOf<root.MasterStandbySwap>().not.toHaveProperty("fleet");
        expectTypeOf<root.MasterStandbySwap>().not.toHaveProperty("baselineMaster");
        expectTypeOf<root.DcsJob>().not.toHaveProperty("intentId");
        expectTypeOf<root.OperationIntent>().not.toHaveProperty("afterTheFact");
        expectTypeOf<FleetPreflight>().not.toHaveProperty("triggers");
        expectTypeOf<RollingSwapResult>().not.toHaveProperty("owner");
        const outputsOf = (swap: root.MasterStandbySwap) => [
            swap.instanceId,
            // @ts-expect-error owner is set by the class: not an output
            swap.owner,
            // @ts-expect-error declaredUrn is internal: not an output
            swap.declaredUrn,
        ];
        expect(outputsOf).to.be.a("function");
    });

    it("the worked example of ARCHITECTURE.md: one optional field in the table types `swap.note` as well as `args.note`", () => {
        expectTypeOf<SwapWithNote["note"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
        expectTypeOf<SwapArgsWithNote>().toHaveProperty("note").toEqualTypeOf<pulumi.Input<string> | undefined>();
        expectTypeOf<Flat<SwapArgsWithNote>>().toEqualTypeOf<Flat<MasterStandbySwapArgs & { note?: pulumi.Input<string> }>>();
        const args: SwapArgsWithNote[] = [
            { instanceId: "i", note: "CHG-1234" },
            // @ts-expect-error `note` is a string
            { instanceId: "i", note: 1 },
        ];
        expect(args).to.have.length(2);
        // The rest of the class is the swap's.
        expectTypeOf<SwapWithNote>().toExtend<OutputsOf<typeof masterStandbySwap.fields>>();
        expectTypeOf<SwapWithNote["jobId"]>().toEqualTypeOf<root.MasterStandbySwap["jobId"]>();
        // A field marked internal gives no output, though it is in the table.
        const withInternal = { ...swapFieldsWithNote, ticketOwner: internal<string>(rules.text) };
        expectTypeOf<OutputsOf<typeof withInternal>>().toHaveProperty("note");
        expectTypeOf<OutputsOf<typeof withInternal>>().not.toHaveProperty("ticketOwner");
        const noteOf = (swap: SwapWithNote, outputs: OutputsOf<typeof withInternal>) => [
            swap.note,
            // @ts-expect-error an internal field is not an output
            outputs.ticketOwner,
        ];
        expect(noteOf).to.be.a("function");
        expect(Object.keys(withInternal)).to.include.members(["note", "ticketOwner"]);
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
