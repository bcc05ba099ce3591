import { expect } from "chai";
import fc from "fast-check";
import { DcsConfigError } from "./errors";
import { MAX_JOB_PATH_LENGTH, jobPathProblem, resolveJobPath } from "./job-path";
import { jobCallSpec } from "./trigger-specs";

const P = "0123456789abcdef0123456789abcdef";
const OTHER_P = "fedcba9876543210fedcba9876543210";
const ID = "5560df16-cebf-4473-95c4-d1b573c16e79";
const ENDPOINT = "https://dcs.eu-de.otc.t-systems.com";
const CTX = { projectId: P, instanceId: ID };

/** The error `resolveJobPath` throws, or undefined when it returns. */
function resolveError(path: string, options: { projectId: string; instanceId?: string; endpoint?: string } = { ...CTX, endpoint: ENDPOINT }) {
    try {
        resolveJobPath(path, options);
        return undefined;
    } catch (error) {
        return error as Error;
    }
}

describe("job paths (one set of rules for check and the client)", () => {
    describe("accepted, sent with only the placeholders filled in", () => {
        const cases: [string, string][] = [
            ["/v2/{project_id}/instances/" + ID + "/ssl", `/v2/${P}/instances/${ID}/ssl`],
            [`/v2/${P}/instances/${ID}/ssl`, `/v2/${P}/instances/${ID}/ssl`],
            ["/v2/{project_id}/instances/{instance_id}/ssl", `/v2/${P}/instances/${ID}/ssl`],
            ["/v2/{project_id}/{instance_id}/client-ip-transparent-transmission", `/v2/${P}/${ID}/client-ip-transparent-transmission`],
            ["/v2/{project_id}/instances/v1.0/.well-known/a.b~c:d@e", `/v2/${P}/instances/v1.0/.well-known/a.b~c:d@e`],
            ["/v2/{project_id}/tags/caf%C3%A9%20bar%41", `/v2/${P}/tags/caf%C3%A9%20bar%41`],
        ];
        for (const [path, sent] of cases) {
            it(`${path} → ${sent}`, () => {
                expect(jobPathProblem(path)).to.equal(undefined);
                expect(jobPathProblem(path, CTX)).to.equal(undefined);
                expect(resolveJobPath(path, { ...CTX, endpoint: ENDPOINT })).to.equal(sent);
                expect(jobCallSpec(P, { method: "PUT", path, instanceId: ID }, ENDPOINT).request.path).to.equal(sent);
            });
        }

        it("keeps an endpoint's own path prefix out of the comparison", () => {
            expect(resolveJobPath("/v2/{project_id}/instances/x/ssl", { projectId: P, endpoint: "https://gw.example.com/dcs" })).to.equal(
                `/v2/${P}/instances/x/ssl`,
            );
        });

        it("takes the client's relative form, below /v2/{project_id}", () => {
            expect(jobCallSpec(P, { method: "PUT", path: `/instances/${ID}/ssl` }).request.path).to.equal(`/v2/${P}/instances/${ID}/ssl`);
            expect(jobCallSpec(P, { method: "PUT", path: "/instances/{instance_id}/ssl", instanceId: ID }).request.path).to.equal(
                `/v2/${P}/instances/${ID}/ssl`,
            );
        });
    });

    describe("refused by the shape rules, with a sentence naming what is wrong", () => {
        const base = "/v2/{project_id}/instances";
        const cases: [string, string, RegExp][] = [
            ["'..' inside a segment", `${base}/a..b/ssl`, /^must not contain '\.' or '\.\.' segments, nor '\.\.' inside a segment, got "a\.\.b"/],
            ["a '..' segment", `${base}/../../v1/users`, /'\.\.' segments.*got "\.\."/],
            ["a '.' segment", `${base}/./ssl`, /'\.' or '\.\.' segments.*got "\."/],
            ["a trailing '...'", `${base}/x...`, /nor '\.\.' inside a segment/],
            ["%2e%2e", `${base}/%2e%2e/x`, /^must not percent-encode '\.', '\/', '\\', '%' or a control character .*got %2e in/],
            ["%2E%2E", `${base}/%2E%2E/x`, /percent-encode.*got %2E/],
            ["%2E.", `${base}/%2E./x`, /percent-encode.*got %2E/],
            [".%2e", `${base}/.%2e/x`, /percent-encode.*got %2e/],
            ["%2e alone", `${base}/%2e/x`, /percent-encode/],
            ["%2f", `${base}/a%2fb`, /percent-encode.*got %2f/],
            ["%2F", `${base}/a%2Fb`, /percent-encode.*got %2F/],
            ["%5c", `${base}/a%5cb`, /percent-encode.*got %5c/],
            ["%25 (double encoding)", `${base}/%252e%252e/x`, /percent-encode.*got %25/],
            ["%00", `${base}/a%00`, /percent-encode.*got %00/],
            ["'%' without hex digits", `${base}/a%zz`, /^has a '%' that does not start a %XX escape/],
            ["a trailing '%'", `${base}/a%`, /^has a '%' that does not start a %XX escape/],
            ["a backslash", `${base}\\..\\x`, /^must not contain '\\' \(URL parsers read it as '\/'\)/],
            ["an empty segment", `${base}//ssl`, /^must not contain empty segments/],
            ["a trailing slash", `${base}/`, /^must not contain empty segments/],
            ["a query", `${base}/x/ssl?force=true`, /^must not contain a query or fragment/],
            ["a fragment", `${base}/x/ssl#top`, /^must not contain a query or fragment/],
            ["a space", `${base}/x y`, /^must not contain whitespace or control characters/],
            ["a tab", `${base}/x\ty`, /^must not contain whitespace or control characters, got ".*\\t/],
            ["a no-break space", `${base}/x\u00a0y`, /whitespace or control/],
            ["a control character", `${base}/x\u0001`, /whitespace or control/],
            ["DEL", `${base}/x\u007f`, /whitespace or control/],
            ["raw non-ASCII", `${base}/café`, /^must contain only letters, digits, .* got "é"/],
            ["an emoji", `${base}/😀`, /^must contain only letters/],
            ["a pipe", `${base}/a|b`, /^must contain only letters.*got "\|"/],
            ["too long", `${base}/${"a".repeat(MAX_JOB_PATH_LENGTH)}`, new RegExp(`^must be at most ${MAX_JOB_PATH_LENGTH} characters`)],
            [
                "relative",
                `instances/${ID}/ssl`,
                /^must be a DCS path such as \/v2\/\{project_id\}\/instances\/<id>\/ssl \(absolute, no query\), got "instances\//,
            ],
            ["/v3", `/v3/{project_id}/instances/${ID}/ssl`, /^must be a DCS path.*got "\/v3\//],
            ["a full URL", `https://dcs.example.com/v2/${P}/instances/x/ssl`, /^must be a DCS path/],
            ["the project alone", "/v2/{project_id}", /^must name a call below \/v2\/\{project_id\}\//],
            ["a malformed project id", "/v2/a.b/instances", /^must have \{project_id\} or a project id .*got "a\.b"/],
            ["a misspelt placeholder in project position", "/v2/{projectid}/instances", /^must have \{project_id\} or a project id/],
            ["{project_id} further down", `${base}/{project_id}/x`, /^may use \{project_id\} only right after \/v2\//],
            ["an unknown placeholder", `${base}/{name}/ssl`, /^has an unknown placeholder or a stray brace in "\{name\}"/],
            ["{instance_id} inside a segment", `${base}/x{instance_id}/ssl`, /unknown placeholder or a stray brace in "x\{instance_id\}"/],
            ["a stray brace", `${base}/a{b/ssl`, /stray brace/],
        ];
        for (const [name, path, reason] of cases) {
            it(name, () => {
                const problem = jobPathProblem(path);
                expect(problem, path).to.match(reason);
                const error = resolveError(path);
                expect(error).to.be.instanceOf(DcsConfigError);
                expect((error as DcsConfigError).field).to.equal("path");
                expect(error!.message).to.equal(`path: ${problem}`);
            });
        }

        it("refuses a value that is not a string", () => {
            expect(jobPathProblem(42)).to.equal("must be a string, got number");
            expect(jobPathProblem(null)).to.equal("must be a string, got null");
        });
    });

    describe("checked against what is known of the call", () => {
        it("refuses a literal project id other than the configured one, naming both", () => {
            const path = `/v2/${OTHER_P}/instances/${ID}/ssl`;
            expect(jobPathProblem(path), "shape only").to.equal(undefined);
            expect(jobPathProblem(path, { projectId: P })).to.equal(
                `names project ${OTHER_P}, but the configured project id is ${P}; write {project_id} or the configured id`,
            );
            expect(resolveError(path)?.message).to.equal(`path: ${jobPathProblem(path, { projectId: P })}`);
        });

        it("needs instanceId for {instance_id}, naming both", () => {
            const path = "/v2/{project_id}/instances/{instance_id}/ssl";
            expect(jobPathProblem(path)).to.equal(undefined);
            expect(jobPathProblem(path, { projectId: P })).to.match(/^uses \{instance_id\}, but instanceId is not set/);
            const error = resolveError(path, { projectId: P });
            expect(error).to.be.instanceOf(DcsConfigError).with.property("field", "path");
            expect(() => jobCallSpec(P, { method: "PUT", path: "/instances/{instance_id}/ssl" })).to.throw(DcsConfigError, /instanceId is not set/);
        });

        it("fills {instance_id} only with an instance id", () => {
            const error = resolveError("/v2/{project_id}/instances/{instance_id}/ssl", { projectId: P, instanceId: "../../x" });
            expect(error).to.be.instanceOf(DcsConfigError).with.property("field", "instanceId");
        });

        it("refuses a relative client path that does not start with '/'", () => {
            expect(() => jobCallSpec(P, { method: "PUT", path: "instances/x/ssl" })).to.throw(DcsConfigError, /^path: must start with '\/'/);
        });
    });

    describe("property: what the rules accept is sent unchanged, and nothing else is sent", () => {
        const FOREIGN = "ffff0000ffff0000ffff0000ffff0000";
        const dotCase = fc.constantFrom("%2e", "%2E", ".");
        const hostileSegment = fc.oneof(
            fc.constantFrom(".", "..", "...", "a..b", "..x", "x..", "%2f", "%2F", "%5c", "%5C", "%25", "%252e", "%", "%g0", "%4", "%00", "%7f", "\\"),
            fc.tuple(dotCase, dotCase).map(([a, b]) => a + b),
            fc.tuple(fc.stringMatching(/^[a-z]{0,3}$/), dotCase, dotCase, fc.stringMatching(/^[a-z]{0,3}$/)).map((parts) => parts.join("")),
            fc.constantFrom("?x=1", "#f", " ", "\t", "\n", "\u00a0", "\u2028", "é", "😀", "漢", "{x}", "{project_id}", "{instance_id}x", "{", "}"),
            fc.string({ unit: "binary", maxLength: 4 }),
        );
        const safeSegment = fc.oneof(
            fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/),
            fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,8}$/),
            fc.constantFrom("instances", "{instance_id}", "v1.0", ".x", "a.b", "%20", "%C3%A9", "%41"),
        );
        // Weighted so that about half the paths are accepted: both sides of the equivalence get exercised.
        const segment = fc.oneof({ arbitrary: safeSegment, weight: 12 }, { arbitrary: hostileSegment, weight: 1 });
        const project = fc.oneof(
            { arbitrary: fc.constantFrom("{project_id}", P), weight: 6 },
            { arbitrary: fc.constantFrom(FOREIGN, "", "..", "%2e%2e", "{instance_id}", "a.b"), weight: 1 },
        );
        const tail = fc.oneof({ arbitrary: fc.constant(""), weight: 8 }, { arbitrary: fc.constantFrom("/", "//"), weight: 1 });
        const path = fc
            .oneof(
                { arbitrary: fc.tuple(project, fc.array(segment, { minLength: 1, maxLength: 6 }), tail), weight: 8 },
                { arbitrary: fc.tuple(fc.constantFrom("/v3", "v2", "", "/V2", "//v2"), fc.array(segment, { maxLength: 4 })), weight: 1 },
                { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 1 },
            )
            .map((shape) => {
                if (typeof shape === "string") return shape;
                if (shape.length === 3) return `/v2/${shape[0]}${shape[1].map((s) => "/" + s).join("")}${shape[2]}`;
                return `${shape[0]}/${shape[1].join("/")}`;
            });
        const endpoint = fc.constantFrom(ENDPOINT, "http://127.0.0.1:8080", "https://dcs.ap-southeast-1.myhuaweicloud.com");

        it("jobPathProblem accepts exactly what resolveJobPath resolves, and the sent path is the input with placeholders filled", () => {
            let accepted = 0;
            fc.assert(
                fc.property(path, endpoint, (p, base) => {
                    const problem = jobPathProblem(p, CTX);
                    const error = resolveError(p, { ...CTX, endpoint: base });
                    expect(problem === undefined, `${JSON.stringify(p)}: ${problem} / ${error?.message}`).to.equal(error === undefined);
                    // Without a context only the literal project id goes unchecked.
                    if (!p.startsWith(`/v2/${FOREIGN}/`)) expect(jobPathProblem(p) === undefined, JSON.stringify(p)).to.equal(problem === undefined);
                    if (error) {
                        expect(error).to.be.instanceOf(DcsConfigError);
                        expect(error.message).to.equal(`path: ${problem}`);
                        return;
                    }
                    accepted++;
                    const expected = p.replaceAll("{project_id}", P).replaceAll("{instance_id}", ID);
                    const spec = jobCallSpec(P, { method: "PUT", path: p, instanceId: ID }, base);
                    expect(spec.request.path).to.equal(expected);
                    expect(new URL(base + spec.request.path).pathname).to.equal(expected);
                    expect(expected.startsWith(`/v2/${P}/`)).to.equal(true);
                }),
                { numRuns: 5000 },
            );
            // The generator must exercise both sides.
            expect(accepted).to.be.above(1000);
        });

        it("never resolves a path holding an encoded dot, slash or backslash, or '..'", () => {
            const encoded = fc.tuple(fc.constantFrom("%2e", "%2E", "%2f", "%2F", "%5c", "%5C", ".."), fc.array(safeSegment, { maxLength: 3 }), fc.nat());
            fc.assert(
                fc.property(encoded, ([bad, rest, at]) => {
                    const segments = [...rest];
                    segments.splice(at % (segments.length + 1), 0, `a${bad}b`);
                    const p = `/v2/{project_id}/${segments.join("/")}`;
                    expect(resolveError(p), p).to.be.instanceOf(DcsConfigError);
                    expect(jobPathProblem(p), p).to.be.a("string");
                }),
                { numRuns: 1000 },
            );
        });
    });
});
