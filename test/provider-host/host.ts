/**
 * Drives Pulumi's Node dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), or this
 * package's provider plugin (`pulumi-resource-dcs`), over gRPC the way the engine does (https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto), from the packed project so the provider code
 * it loads is the installed tarball. Everything gRPC/protobuf is required from that project.
 */
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { projectRequire } from "../support/packed-project";

type Any = any;
export type Props = Record<string, unknown>;

/** What a failed RPC told us; `initFailed` is decoded from `grpc-status-details-bin`. */
export interface RpcError extends Error {
    code: number;
    details: string;
    initFailed?: { id: string; properties: Props; reasons: string[] };
}

export interface CheckResult {
    inputs: Props;
    failures: { property: string; reason: string }[];
}
export interface DiffResult {
    changes: "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** Pulumi's Node dynamic-provider host, in the packed project. */
export const DYNAMIC_PROVIDER_HOST = join("node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider");
/** This package's provider plugin (`pulumi-resource-dcs`), in the packed project. */
export const DCS_PLUGIN = join("node_modules", "pulumi-dcs-jobs", "dist", "provider", "plugin", "main.js");

export class ProviderHost {
    /** Every stdout/stderr line after the port line, in arrival order (the array `start` fills). */
    readonly lines: string[];
    /** Every Struct the host sent back (Check inputs, outputs, init-failure properties), as JS. */
    readonly returnedStructs: Props[] = [];
    readonly journalDir: string;
    private exited = false;

    private constructor(
        private readonly child: ChildProcess,
        readonly port: number,
        private readonly client: Any,
        private readonly pb: Any,
        private readonly structPb: Any,
        private readonly emptyPb: Any,
        private readonly statusPb: Any,
        journalDir: string,
        lines: string[],
    ) {
        this.journalDir = journalDir;
        this.lines = lines;
        child.on("exit", () => (this.exited = true));
    }

    /**
     * Spawns `entry` (the dynamic-provider host, or `DCS_PLUGIN`) with cwd = the packed project and
     * an environment stripped of OS_*, HW_* and DCS_* variables, so all DCS settings must come from
     * Configure (the dynamic host) or `PULUMI_CONFIG` in `extraEnv` (the plugin, as the engine sets it).
     */
    static async start(projectDir: string, extraEnv: Record<string, string> = {}, entry: string = DYNAMIC_PROVIDER_HOST): Promise<ProviderHost> {
        const req = projectRequire(projectDir);
        const grpc = req("@grpc/grpc-js");
        const grpcPb = req("@pulumi/pulumi/proto/provider_grpc_pb");
        const pb = req("@pulumi/pulumi/proto/provider_pb");
        const statusPb = req("@pulumi/pulumi/proto/status_pb");
        const structPb = req("google-protobuf/google/protobuf/struct_pb");
        const emptyPb = req("google-protobuf/google/protobuf/empty_pb");

        const journalDir = mkdtempSync(join(tmpdir(), "dcs-jobs-e2e-journal-"));
        const env: NodeJS.ProcessEnv = {};
        for (const [key, value] of Object.entries(process.env)) if (!/^(OS_|HW_|DCS_)/.test(key)) env[key] = value;
        Object.assign(env, { PULUMI_NODEJS_PROJECT: "dcsjobs", DCS_JOBS_JOURNAL_DIR: journalDir }, extraEnv);

        const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
            cwd: projectDir,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const lines: string[] = [];
        let port: number | undefined;
        // The host object keeps this same array as its `lines`, so output after start-up lands there too.
        const sink = (line: string) => lines.push(line);
        const portPromise = new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no port from the provider host within 20 s; output: ${lines.join("\n")}`)), 20_000);
            child.once("exit", (code) => reject(new Error(`provider host exited (${code}) before printing a port; output: ${lines.join("\n")}`)));
            onLines(child.stdout!, (line) => {
                if (port === undefined && /^\d+$/.test(line.trim())) {
                    port = Number(line.trim());
                    clearTimeout(timer);
                    resolve(port);
                } else sink(line);
            });
            onLines(child.stderr!, sink);
        });
        let resolvedPort: number;
        try {
            resolvedPort = await portPromise;
        } catch (error) {
            child.kill("SIGKILL");
            rmSync(journalDir, { recursive: true, force: true });
            throw error;
        }
        const client = new grpcPb.ResourceProviderClient(`127.0.0.1:${resolvedPort}`, grpc.credentials.createInsecure());
        return new ProviderHost(child, resolvedPort, client, pb, structPb, emptyPb, statusPb, journalDir, lines);
    }

    async stop(): Promise<void> {
        this.client.close();
        if (!this.exited) {
            const gone = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill("SIGTERM");
            await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3000))]);
            if (!this.exited) this.child.kill("SIGKILL");
        }
        if (process.env.KEEP_E2E_DIR !== "1") rmSync(this.journalDir, { recursive: true, force: true });
    }

    /** Waits (briefly) for an output line matching `pattern`: pipes may lag behind the gRPC answer. */
    async waitForLine(pattern: RegExp | string, timeoutMs = 2000): Promise<string | undefined> {
        const match = (l: string) => (typeof pattern === "string" ? l.includes(pattern) : pattern.test(l));
        const end = Date.now() + timeoutMs;
        for (;;) {
            const found = this.lines.find(match);
            if (found || Date.now() >= end) return found;
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    // ---- RPCs -------------------------------------------------------------------------------

    async getPluginInfo(): Promise<string> {
        const resp = await this.call("getPluginInfo", new this.emptyPb.Empty());
        return resp.getVersion();
    }

    async getSchema(): Promise<string> {
        const resp = await this.call("getSchema", new this.pb.GetSchemaRequest());
        return resp.getSchema();
    }

    async configure(args: Record<string, string>): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
        const req = new this.pb.ConfigureRequest();
        req.setArgs(this.struct(args));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const resp = await this.call("configure", req);
        return { acceptSecrets: resp.getAcceptsecrets(), supportsPreview: resp.getSupportspreview() };
    }

    async check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
        const req = new this.pb.CheckRequest();
        req.setUrn(urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("check", req);
        return {
            inputs: this.record(resp.getInputs()),
            failures: resp.getFailuresList().map((f: Any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffResult> {
        const req = new this.pb.DiffRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("diff", req);
        const names = Object.fromEntries(Object.entries(this.pb.DiffResponse.DiffChanges).map(([k, v]) => [v, k]));
        return {
            changes: names[resp.getChanges()] as DiffResult["changes"],
            replaces: resp.getReplacesList(),
            deleteBeforeReplace: resp.getDeletebeforereplace(),
        };
    }

    async create(urn: string, properties: Props, timeoutSeconds = 0): Promise<{ id: string; properties: Props }> {
        const req = new this.pb.CreateRequest();
        req.setUrn(urn);
        req.setProperties(this.struct(properties));
        req.setTimeout(timeoutSeconds);
        const resp = await this.call("create", req);
        return { id: resp.getId(), properties: this.record(resp.getProperties()) };
    }

    async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
        const req = new this.pb.UpdateRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("update", req);
        return { properties: this.record(resp.getProperties()) };
    }

    async read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
        const req = new this.pb.ReadRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(this.struct(properties));
        if (inputs) req.setInputs(this.struct(inputs));
        const resp = await this.call("read", req);
        return { id: resp.getId(), properties: this.record(resp.getProperties()), inputs: resp.hasInputs() ? this.record(resp.getInputs()) : undefined };
    }

    async delete(urn: string, id: string, properties: Props): Promise<void> {
        const req = new this.pb.DeleteRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(this.struct(properties));
        await this.call("delete", req);
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private struct(value: Props): Any {
        return this.structPb.Struct.fromJavaScript(value);
    }

    private record(struct: Any): Props {
        const value = struct ? (struct.toJavaScript() as Props) : {};
        this.returnedStructs.push(value);
        return value;
    }

    private call(method: string, request: Any): Promise<Any> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (error: Any, response: Any) => {
                if (!error) return resolve(response);
                const err = new Error(`${method}: ${error.details ?? error.message}`) as RpcError;
                err.code = error.code;
                err.details = error.details ?? error.message;
                const raw = error.metadata?.get?.("grpc-status-details-bin") as Buffer[] | undefined;
                if (raw && raw.length > 0) err.initFailed = this.decodeInitFailed(raw[0]);
                reject(err);
            });
        });
    }

    /** `google.rpc.Status` whose details hold one `pulumirpc.ErrorResourceInitFailed` (see provider/resources/runtime/errors/resource-init-error.ts). */
    private decodeInitFailed(bytes: Buffer): RpcError["initFailed"] {
        const status = this.statusPb.Status.deserializeBinary(new Uint8Array(bytes));
        for (const detail of status.getDetailsList()) {
            if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
            const failed = this.pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
            return { id: failed.getId(), properties: this.record(failed.getProperties()), reasons: failed.getReasonsList() };
        }
        return undefined;
    }
}

function onLines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
            each(buffer.slice(0, nl));
            buffer = buffer.slice(nl + 1);
        }
    });
    stream.on("end", () => {
        if (buffer) each(buffer);
    });
}

/** The error a call that must fail failed with; fails the test when it succeeded. */
export async function expectRpcError(promise: Promise<unknown>): Promise<RpcError> {
    try {
        await promise;
    } catch (error) {
        return error as RpcError;
    }
    throw new Error("expected the RPC to fail");
}
