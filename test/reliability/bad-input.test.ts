import { expect } from "chai";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import * as runtime from "../../provider/resources/runtime";
import { ResourceKind } from "../../provider/resources/runtime";
import { RunningSimulator, startSimulator } from "../../simulator";

/**
 * Bad inputs are rejected at preview (`runtime.check`, what `pulumi preview` runs) naming the
 * property, and again by `runtime.create` for direct callers, without a single request to DCS.
 * Provider config errors (no credentials at check time) are rejected by `create`, naming the
 * `dcs:*` config key. The program-side classes reject values the engine cannot carry.
 */
const ID = "5560df16-cebf-4473-95c4-d1b573c16e79";
const SWAP = { instanceId: ID, owner: "p/s/swap" };
const CIP = { instanceId: ID, enabled: true, owner: "p/s/cip" };
const JOB = { method: "PUT", path: `/v2/{project_id}/instances/${ID}/ssl`, body: { enabled: true }, owner: "p/s/job" };
const BASE: Partial<Record<ResourceKind, Record<string, unknown>>> = { MasterStandbySwap: SWAP, ClientIpPassthrough: CIP, DcsJob: JOB };

interface BadInput {
    name: string;
    kind: ResourceKind;
    /** Merged over a valid base; `undefined` removes the field. */
    change: Record<string, unknown>;
    /** Every property expected to fail, in order, with a pattern its reason must match. */
    failures: [property: string, reason: RegExp][];
    /**
     * Found by the part of check that reads the configuration (`checkAgainstConfig` in
     * kinds/dcs-job.ts), which create does not repeat: create refuses the call itself, with
     * `DcsConfigError("path")` carrying the same sentence, still before any request.
     */
    afterConfig?: true;
}

const must = (kind: ResourceKind, name: string, change: Record<string, unknown>, property: string, reason: RegExp): BadInput => ({
    name,
    kind,
    change,
    failures: [[property, reason]],
});

const CASES: BadInput[] = [
    // instance id
    must("MasterStandbySwap", "empty instance id", { instanceId: "" }, "instanceId", /^must not be empty$/),
    must("MasterStandbySwap", "blank instance id", { instanceId: "   " }, "instanceId", /^must not be empty$/),
    must("MasterStandbySwap", "malformed instance id", { instanceId: "redis-prod-1" }, "instanceId", /must be a DCS instance id \(a UUID.*got "redis-prod-1"/),
    must(
        "MasterStandbySwap",
        "path-traversal instance id",
        { instanceId: "../../v1/x/instances" },
        "instanceId",
        /must be a DCS instance id .*got "\.\.\/\.\.\/v1/,
    ),
    must("MasterStandbySwap", "UUID followed by a path", { instanceId: `${ID}/swap` }, "instanceId", /must be a DCS instance id/),
    must("MasterStandbySwap", "instance id as a number", { instanceId: 42 }, "instanceId", /^must be a string, got number$/),
    must("ClientIpPassthrough", "ClientIp: malformed instance id", { instanceId: "x y" }, "instanceId", /must be a DCS instance id/),
    must("DcsJob", "DcsJob: malformed optional instance id", { instanceId: "nope" }, "instanceId", /must be a DCS instance id/),
    // region / project / endpoint overrides
    must("MasterStandbySwap", "unknown region", { region: "mars-1" }, "region", /^unknown region "mars-1"; give an endpoint .*eu-de/),
    must("MasterStandbySwap", "empty region", { region: "" }, "region", /^must be a non-empty string$/),
    must("MasterStandbySwap", "project id with a slash", { projectId: "abc/def" }, "projectId", /^must be a project id \(letters, digits.*got "abc\/def"/),
    must("MasterStandbySwap", "project id too long (65)", { projectId: "a".repeat(65) }, "projectId", /at most 64/),
    must(
        "MasterStandbySwap",
        "http endpoint to a non-loopback host",
        { endpoint: "http://dcs.example.com" },
        "endpoint",
        /^must use https; plain http is only allowed to a loopback address .*got dcs\.example\.com$/,
    ),
    must(
        "MasterStandbySwap",
        "http endpoint to a look-alike of localhost",
        { endpoint: "http://localhost.evil.example" },
        "endpoint",
        /must use https.*localhost\.evil\.example/,
    ),
    must("MasterStandbySwap", "ftp endpoint", { endpoint: "ftp://dcs.example.com" }, "endpoint", /^must use https, got ftp:$/),
    must("MasterStandbySwap", "endpoint with a query", { endpoint: "https://dcs.example.com/?debug=1" }, "endpoint", /^must not contain a query or fragment$/),
    must("MasterStandbySwap", "endpoint with user info", { endpoint: "https://u:p@dcs.example.com" }, "endpoint", /^must not contain user info$/),
    must("MasterStandbySwap", "endpoint not a URL", { endpoint: "dcs.example.com" }, "endpoint", /^must be an absolute URL/),
    // timeout
    must("MasterStandbySwap", "negative timeout", { timeout: "-5m" }, "timeout", /^must be a duration such as "30m".*got "-5m"$/),
    must("MasterStandbySwap", "garbage timeout", { timeout: "soon" }, "timeout", /^must be a duration .*got "soon"$/),
    must("MasterStandbySwap", "zero timeout", { timeout: "0s" }, "timeout", /^must be at least 1s$/),
    must("MasterStandbySwap", "too-long timeout (25h)", { timeout: "25h" }, "timeout", /^must be at most 24h$/),
    must("MasterStandbySwap", "timeout as a number", { timeout: 1800 }, "timeout", /^must be a duration string .*got number$/),
    // poll policy
    must(
        "MasterStandbySwap",
        "pollPolicy unknown field",
        { pollPolicy: { firstDelay: 100 } },
        "pollPolicy",
        /^unknown field "firstDelay"; allowed: firstDelayMs, growth, minDelayMs, maxDelayMs, jitter$/,
    ),
    must("MasterStandbySwap", "pollPolicy negative delay", { pollPolicy: { minDelayMs: -1 } }, "pollPolicy", /^minDelayMs must be at least 100 ms, got -1$/),
    must("MasterStandbySwap", "pollPolicy negative first delay", { pollPolicy: { firstDelayMs: -5 } }, "pollPolicy", /^firstDelayMs must be >= 0, got -5$/),
    must(
        "MasterStandbySwap",
        "pollPolicy max < min",
        { pollPolicy: { minDelayMs: 5000, maxDelayMs: 1000 } },
        "pollPolicy",
        /^maxDelayMs must be >= minDelayMs \(5000\), got 1000$/,
    ),
    must("MasterStandbySwap", "pollPolicy jitter 1", { pollPolicy: { jitter: 1 } }, "pollPolicy", /^jitter must be in \[0, 1\), got 1$/),
    must("MasterStandbySwap", "pollPolicy negative growth", { pollPolicy: { growth: -0.5 } }, "pollPolicy", /^growth must be >= 0/),
    must("MasterStandbySwap", "pollPolicy not an object", { pollPolicy: "fast" }, "pollPolicy", /^must be an object$/),
    // triggers / body
    must("MasterStandbySwap", "triggers Infinity", { triggers: Infinity }, "triggers", /^must be JSON-serializable; value is Infinity$/),
    must("MasterStandbySwap", "triggers with NaN inside", { triggers: { change: "CHG-1", n: NaN } }, "triggers", /^must be JSON-serializable; n is NaN$/),
    must(
        "MasterStandbySwap",
        "triggers with -Infinity in an array",
        { triggers: ["a", [1, -Infinity]] },
        "triggers",
        /^must be JSON-serializable; 1\.1 is -Infinity$/,
    ),
    must("DcsJob", "DcsJob body with a bigint", { body: { bandwidth: 10n } }, "body", /^must be JSON-serializable; bandwidth is a bigint$/),
    // booleans and enums
    must("ClientIpPassthrough", 'enabled as the string "true"', { enabled: "true" }, "enabled", /^must be a boolean \(true or false\), got string "true"$/),
    must("ClientIpPassthrough", "enabled as a number", { enabled: 1 }, "enabled", /^must be a boolean \(true or false\), got number$/),
    must(
        "ClientIpPassthrough",
        "restoreOnDelete as a string",
        { restoreOnDelete: "yes" },
        "restoreOnDelete",
        /^must be a boolean \(true or false\), got string "yes"$/,
    ),
    must("MasterStandbySwap", 'api "fast"', { api: "fast" }, "api", /^must be "async", "sync" or "auto", got "fast"$/),
    must("MasterStandbySwap", "owner as a number", { owner: 7 }, "owner", /^must be a string, got number$/),
    // DcsJob method and path
    must("DcsJob", "DcsJob GET method", { method: "GET" }, "method", /^must be one of PUT, POST, DELETE, PATCH, got "GET"$/),
    must("DcsJob", "DcsJob lower-case method", { method: "put" }, "method", /^must be one of PUT, POST, DELETE, PATCH, got "put"$/),
    must(
        "DcsJob",
        "DcsJob relative path",
        { path: `instances/${ID}/ssl` },
        "path",
        /^must be a DCS path such as \/v2\/\{project_id\}\/instances\/<id>\/ssl \(absolute, no query\), got "instances\//,
    ),
    must("DcsJob", "DcsJob non-DCS path (/v3)", { path: `/v3/{project_id}/instances/${ID}/ssl` }, "path", /^must be a DCS path .*got "\/v3\//),
    must(
        "DcsJob",
        "DcsJob path with ..",
        { path: "/v2/{project_id}/instances/../../v1/users" },
        "path",
        /^must not contain '\.' or '\.\.' segments.*got "\.\."/,
    ),
    must(
        "DcsJob",
        "DcsJob path with .. inside a segment",
        { path: `/v2/{project_id}/instances/a..b/ssl` },
        "path",
        /nor '\.\.' inside a segment, got "a\.\.b"/,
    ),
    must("DcsJob", "DcsJob path with encoded ..", { path: "/v2/{project_id}/instances/%2e%2e/x" }, "path", /^must not percent-encode '\.'.*got %2e/),
    must("DcsJob", "DcsJob path with upper-case encoded ..", { path: "/v2/{project_id}/instances/%2E%2E/x" }, "path", /^must not percent-encode.*got %2E/),
    must("DcsJob", "DcsJob path with half-encoded .. (%2E.)", { path: "/v2/{project_id}/instances/%2E./x" }, "path", /^must not percent-encode.*got %2E/),
    must("DcsJob", "DcsJob path with half-encoded .. (.%2e)", { path: "/v2/{project_id}/instances/.%2e/x" }, "path", /^must not percent-encode.*got %2e/),
    must("DcsJob", "DcsJob path with an encoded slash", { path: `/v2/{project_id}/instances/a%2f..%2fb` }, "path", /^must not percent-encode.*got %2f/),
    must("DcsJob", "DcsJob path with an encoded backslash", { path: `/v2/{project_id}/instances/a%5Cb` }, "path", /^must not percent-encode.*got %5C/),
    must("DcsJob", "DcsJob path with a bad % escape", { path: `/v2/{project_id}/instances/a%zz` }, "path", /^has a '%' that does not start a %XX escape/),
    must("DcsJob", "DcsJob path with a backslash", { path: `/v2/{project_id}/instances\\..\\x` }, "path", /^must not contain '\\'/),
    must("DcsJob", "DcsJob path with raw unicode", { path: `/v2/{project_id}/instances/café` }, "path", /^must contain only letters, digits.*got "é"/),
    must("DcsJob", "DcsJob path with an unknown placeholder", { path: `/v2/{project_id}/instances/{name}/ssl` }, "path", /unknown placeholder .*"\{name\}"/),
    {
        ...must(
            "DcsJob",
            "DcsJob path with {instance_id} but no instanceId",
            { path: "/v2/{project_id}/instances/{instance_id}/ssl" },
            "path",
            /^uses \{instance_id\}, but instanceId is not set/,
        ),
        afterConfig: true,
    },
    {
        ...must(
            "DcsJob",
            "DcsJob path naming another project",
            { path: `/v2/ffff0000ffff0000ffff0000ffff0000/instances/${ID}/ssl` },
            "path",
            /^names project ffff0000ffff0000ffff0000ffff0000, but the configured project id is [0-9a-f]{32}; write \{project_id\}/,
        ),
        afterConfig: true,
    },
    must(
        "DcsJob",
        "DcsJob path with a query string",
        { path: `/v2/{project_id}/instances/${ID}/ssl?force=true` },
        "path",
        /^must not contain a query or fragment/,
    ),
    must("DcsJob", "DcsJob full URL as path", { path: `https://dcs.example.com/v2/p/instances/${ID}/ssl` }, "path", /^must be a DCS path/),
    // required fields per kind
    must("MasterStandbySwap", "swap without instanceId", { instanceId: undefined }, "instanceId", /^is required$/),
    must("ClientIpPassthrough", "ClientIp without instanceId", { instanceId: undefined }, "instanceId", /^is required$/),
    must("ClientIpPassthrough", "ClientIp without enabled", { enabled: undefined }, "enabled", /^is required$/),
    {
        name: "DcsJob without method and path",
        kind: "DcsJob",
        change: { method: undefined, path: undefined },
        failures: [
            ["method", /^is required$/],
            ["path", /^is required$/],
        ],
    },
    // typos
    must("MasterStandbySwap", "unknown property (instanceID typo)", { instanceId: ID, instanceID: ID }, "instanceID", /^is not an input of MasterStandbySwap$/),
    must("MasterStandbySwap", "unknown property (timeOut typo)", { timeOut: "5m" }, "timeOut", /^is not an input of MasterStandbySwap$/),
    must("ClientIpPassthrough", "unknown property (enable typo)", { enable: true }, "enable", /^is not an input of ClientIpPassthrough$/),
];

function inputsOf(c: BadInput): Record<string, unknown> {
    const inputs: Record<string, unknown> = { ...BASE[c.kind], ...c.change };
    for (const [key, value] of Object.entries(c.change)) if (value === undefined) delete inputs[key];
    return inputs;
}

interface ConfigCase {
    name: string;
    config: Record<string, string>;
    /** The config key the message must name. */
    key: string;
}

const KEY_ENV = /^(OS_|HW_)|^DCS_ENDPOINT$|^DCS_MAX_REQUESTS_PER_SECOND$/;
const reasonOk = (reason: string) => reason.length >= 8 && !/\[object|undefined/.test(reason);

describe("reliability: bad input is rejected at preview, naming the property, with zero requests", function () {
    this.timeout(20_000);
    let sim: RunningSimulator;
    const rows: string[][] = [];
    const configRows: string[][] = [];
    const savedEnv: Record<string, string> = {};
    let good: Record<string, string>;

    const totalRequests = () => Object.values(sim.counters().requests).reduce((a, b) => a + b, 0);

    before(async () => {
        sim = await startSimulator({ port: 0 });
        // The provider falls back to OS_*/HW_*/DCS_* variables: a developer's shell must not mask a missing key.
        for (const [name, value] of Object.entries(process.env)) {
            if (KEY_ENV.test(name) && value !== undefined) {
                savedEnv[name] = value;
                delete process.env[name];
            }
        }
        good = {
            "dcs:accessKey": sim.credentials.accessKey,
            "dcs:secretKey": sim.credentials.secretKey,
            "dcs:projectId": sim.projectId,
            "dcs:endpoint": sim.url,
        };
        await runtime.configure({ config: { get: (key) => good[key] } });
    });

    after(async () => {
        Object.assign(process.env, savedEnv);
        await sim?.stop();
        const md = [
            "# Bad input",
            "",
            "Generated by `test/reliability/bad-input.test.ts` (do not edit by hand).",
            "",
            `## Resource inputs: \`runtime.check\` (preview) — ${rows.length} cases`,
            "",
            "Each is also rejected by `runtime.create`. Zero requests reach the simulator.",
            "",
            "| case | kind | property | reason |",
            "|---|---|---|---|",
            ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
            "",
            `## Provider configuration: \`runtime.configure\` + \`runtime.create\` — ${configRows.length} cases`,
            "",
            "| case | config key to name | named | message |",
            "|---|---|---|---|",
            ...configRows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
            "",
        ].join("\n");
        const dir = join(__dirname, "results");
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "bad-input.md"), md);
        console.log(`\nbad input: ${rows.length} input cases, ${configRows.length} provider-config cases, written to test/reliability/results/bad-input.md`);
    });

    it(`has at least 30 input cases and each base input is valid`, async () => {
        expect(CASES.length).to.be.at.least(30);
        // Valid inputs go on to the read-only preflight; turned off here, as the totals count zero requests.
        const offline = (kind: ResourceKind) => (kind === "MasterStandbySwap" || kind === "ClientIpPassthrough" ? { preflight: false } : {});
        for (const kind of Object.keys(BASE) as ResourceKind[]) {
            expect((await runtime.check(kind, {}, { ...BASE[kind], ...offline(kind) })).failures, kind).to.deep.equal([]);
        }
    });

    describe("resource inputs (runtime.check, then runtime.create)", () => {
        for (const c of CASES) {
            it(`${c.name} → ${c.failures.map(([p]) => p).join(", ")}`, async () => {
                const inputs = inputsOf(c);
                const { failures } = await runtime.check(c.kind, {}, inputs);
                expect(
                    failures.map((f) => f.property),
                    JSON.stringify(failures),
                ).to.deep.equal(c.failures.map(([p]) => p));
                failures.forEach((f, i) => {
                    expect(f.reason).to.match(c.failures[i][1]);
                    expect(reasonOk(f.reason), f.reason).to.equal(true);
                });
                // A direct caller (or an unknown that resolved badly) is stopped by create, naming the same property.
                const err = await runtime.create(c.kind, inputs).then(
                    () => undefined,
                    (e: Error) => e,
                );
                expect(err, "create must reject").to.be.instanceOf(Error);
                if (c.afterConfig) {
                    expect(err!.message).to.equal(`${c.failures[0][0]}: ${failures[0].reason}`);
                } else {
                    expect(err!.message)
                        .to.match(new RegExp(`^invalid ${c.kind} inputs: `))
                        .and.contain(`${c.failures[0][0]} ${failures[0].reason}`);
                }
                rows.push([c.name, c.kind, failures.map((f) => f.property).join(", "), failures.map((f) => f.reason).join("; ")]);
            });
        }
    });

    describe("provider configuration (runtime.configure + runtime.create)", () => {
        const valid = () => ({ ...good });
        const without = (...keys: string[]) => Object.fromEntries(Object.entries(valid()).filter(([k]) => !keys.includes(k)));
        const configCases = (): ConfigCase[] => [
            { name: "missing credentials", config: without("dcs:accessKey", "dcs:secretKey"), key: "dcs:accessKey" },
            { name: "missing project id", config: without("dcs:projectId"), key: "dcs:projectId" },
            { name: "access key without secret key", config: without("dcs:secretKey"), key: "dcs:secretKey" },
            { name: "dcs:maxRequestsPerSecond not a number", config: { ...valid(), "dcs:maxRequestsPerSecond": "fast" }, key: "dcs:maxRequestsPerSecond" },
            { name: "dcs:maxRequestsPerSecond zero", config: { ...valid(), "dcs:maxRequestsPerSecond": "0" }, key: "dcs:maxRequestsPerSecond" },
            { name: "dcs:maxRequestsPerSecond above 1000", config: { ...valid(), "dcs:maxRequestsPerSecond": "5000" }, key: "dcs:maxRequestsPerSecond" },
            { name: "unknown dcs:cloud", config: { ...valid(), "dcs:cloud": "aws" }, key: "dcs:cloud" },
            { name: "neither region nor endpoint", config: without("dcs:endpoint"), key: "dcs:region" },
            { name: "http dcs:endpoint to a non-loopback host", config: { ...valid(), "dcs:endpoint": "http://dcs.example.com" }, key: "dcs:endpoint" },
        ];
        afterEach(() => runtime.configure({ config: { get: (key) => good[key] } }));

        for (const { name, key } of configCases()) {
            it(`${name} → names ${key}`, async () => {
                const c = configCases().find((x) => x.name === name)!;
                await runtime.configure({ config: { get: (k) => c.config[k] } });
                const err = await runtime.create("MasterStandbySwap", { ...SWAP, timeout: "10s" }).then(
                    () => undefined,
                    (e: Error) => e,
                );
                configRows.push([
                    name,
                    key,
                    err?.message.includes(key) ? "yes" : "**no**",
                    err ? err.message.replace(/\s+/g, " ").slice(0, 240) : "(accepted)",
                ]);
                expect(err, "create must reject").to.be.instanceOf(Error);
                expect(err!.message).to.contain(key);
                expect(reasonOk(err!.message), err!.message).to.equal(true);
                expect(err!.message, "never echoes the secret").not.to.contain(sim.credentials.secretKey);
            });
        }
    });

    describe("program-side classes", () => {
        let resources: typeof import("../../provider/resources");
        before(async () => {
            resources = await import("../../provider/resources");
        });

        it("reject a function in triggers, naming the resource and the path", () => {
            expect(() => new resources.MasterStandbySwap("bad-fn", { instanceId: ID, triggers: { at: () => 1 } })).to.throw(
                /^MasterStandbySwap "bad-fn": triggers\.at: must be JSON-serializable, got a function$/,
            );
        });

        it("reject a bigint, a symbol and NaN anywhere in the args, naming the resource and the path", () => {
            expect(() => new resources.DcsJob("bad-bigint", { method: "PUT", path: JOB.path, body: { sizes: [1, 2n] } })).to.throw(
                /^DcsJob "bad-bigint": body\.sizes\[1\]: must be JSON-serializable, got a bigint$/,
            );
            expect(() => new resources.ClientIpPassthrough("bad-symbol", { instanceId: ID, enabled: true, triggers: Symbol("x") })).to.throw(
                /^ClientIpPassthrough "bad-symbol": triggers: must be JSON-serializable, got a symbol$/,
            );
            expect(() => new resources.MasterStandbySwap("bad-nan", { instanceId: ID, pollPolicy: { minDelayMs: NaN } })).to.throw(
                /^MasterStandbySwap "bad-nan": pollPolicy\.minDelayMs: must be JSON-serializable, got NaN$/,
            );
        });
    });

    // Mocha runs a suite's own tests before its child suites: the totals go in a last child suite.
    describe("totals", () => {
        it("sent zero requests to DCS in total", () => {
            expect(rows.length, "every input case ran").to.equal(CASES.length);
            expect(totalRequests()).to.equal(0);
            expect(sim.counters().effects).to.deep.equal({ swaps: 0, clientIpChanges: 0, sslChanges: 0 });
        });
    });
});
