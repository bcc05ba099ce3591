import { expect } from "chai";
import fc from "fast-check";
import { DcsErrorClass, DcsResponseError, classifyError, normaliseErrorCode } from "../../provider/dcs/errors";
import { parseInstance, parseJob, parseJobId, parseTasks } from "../../provider/dcs/models";
import { SignableRequest, computeSignature, parseAuthorization } from "../../provider/dcs/signer";
import { PollPolicy } from "../../provider/jobs/defaults";
import { nextPollDelay, validatePollPolicy } from "../../provider/jobs/schedule";

/** Property-based checks of the pure parts: response parsing, signing, error classes, poll schedule. */
describe("reliability: properties (fast-check)", function () {
    this.timeout(30_000);
    const runs = { numRuns: 500 };

    /** Throws only DcsResponseError, or nothing: what `DcsClient` relies on (a bad body is a typed error, never a crash). */
    const onlyResponseError = (f: () => unknown): boolean => {
        try {
            f();
            return true;
        } catch (error) {
            return error instanceof DcsResponseError;
        }
    };
    // JSON as it arrives: parsed text, so `__proto__` keys and deep nesting are real own properties.
    const arrivedJson = fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown);
    const jobId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const extraFields = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });

    describe("(a) response parsing", () => {
        it("never throws anything but DcsResponseError on arbitrary JSON", () => {
            fc.assert(
                fc.property(arrivedJson, fc.option(jobId, { nil: undefined }), (body, requested) => {
                    expect(
                        onlyResponseError(() => parseJob(body, requested)),
                        "parseJob",
                    ).to.equal(true);
                    expect(
                        onlyResponseError(() => parseInstance(body, "i")),
                        "parseInstance",
                    ).to.equal(true);
                    expect(
                        onlyResponseError(() => parseTasks(body)),
                        "parseTasks",
                    ).to.equal(true);
                    const id = parseJobId(body);
                    expect(id === undefined || typeof id === "string").to.equal(true);
                }),
                runs,
            );
        });

        it("never throws anything but DcsResponseError inside otherwise well-shaped answers", () => {
            const field = fc.jsonValue({ maxDepth: 2 });
            fc.assert(
                fc.property(field, field, field, field, (a, b, c, d) => {
                    expect(onlyResponseError(() => parseJob({ job_id: a, status: b, begin_time: c, end_time: d, fail_reason: a, job_type: b }))).to.equal(true);
                    expect(onlyResponseError(() => parseInstance({ status: a, task: b, transparent_client_ip_enable: c, instance_id: d }, "i"))).to.equal(true);
                    expect(
                        onlyResponseError(() => parseTasks({ tasks: [a, { id: b, name: c, created_at: d, status: a }, { id: "1", name: "n", status: b }] })),
                    ).to.equal(true);
                }),
                runs,
            );
        });

        it("keeps job_id and status (status upper-cased) whatever else the answer holds", () => {
            const status = fc.oneof(fc.constantFrom("INIT", "RUNNING", "SUCCESS", "FAIL", "running", "Success"), fc.string({ minLength: 1 }));
            fc.assert(
                fc.property(extraFields, jobId, status, (extra, id, st) => {
                    const job = parseJob({ ...extra, job_id: id, status: st });
                    expect(job.jobId).to.equal(id);
                    expect(job.status).to.equal(st.toUpperCase());
                }),
                runs,
            );
        });

        it("accepts job_id and jobId alike, in job answers and trigger answers", () => {
            fc.assert(
                fc.property(extraFields, jobId, (extra, id) => {
                    const snake = parseJob({ ...extra, job_id: id, status: "RUNNING" });
                    const { job_id: _drop, ...withoutSnake } = { ...extra, job_id: undefined };
                    const camel = parseJob({ ...withoutSnake, jobId: id, status: "RUNNING" });
                    expect(camel.jobId).to.equal(snake.jobId).and.equal(id);
                    expect(parseJobId({ ...withoutSnake, jobId: id })).to.equal(id);
                    expect(parseJobId({ ...extra, job_id: id })).to.equal(id);
                    expect(parseJobId(`job_id:${id}`)).to.equal(id);
                    expect(parseJobId(` jobId : ${id} `)).to.equal(id);
                }),
                runs,
            );
        });

        it("reads epoch-ms times given as numbers or as numeric strings, snake or camel case", () => {
            const epoch = fc.integer({ min: 0, max: 9_999_999_999_999 });
            fc.assert(
                fc.property(epoch, epoch, (begin, end) => {
                    const asNumbers = parseJob({ job_id: "j", status: "SUCCESS", begin_time: begin, end_time: end });
                    const asStrings = parseJob({ job_id: "j", status: "SUCCESS", begin_time: String(begin), end_time: ` ${end} ` });
                    const camel = parseJob({ jobId: "j", status: "SUCCESS", beginTime: String(begin), endTime: end });
                    for (const job of [asNumbers, asStrings, camel]) expect(job).to.include({ beginTime: begin, endTime: end });
                }),
                runs,
            );
        });

        it("drops non-numeric times instead of inventing them", () => {
            const notEpoch = fc.oneof(
                fc.string().filter((s) => !/^\s*\d{1,16}\s*$/.test(s)),
                fc.double({ min: -1e6, max: -0.5 }),
                fc.boolean(),
                fc.constant(null),
                fc.array(fc.integer(), { maxLength: 2 }),
            );
            fc.assert(
                fc.property(notEpoch, (t) => {
                    expect(parseJob({ job_id: "j", status: "RUNNING", begin_time: t }).beginTime).to.equal(undefined);
                }),
                runs,
            );
        });

        it("keeps every well-formed task, in order, and only those", () => {
            const task = fc.record({
                id: jobId,
                name: fc.string({ minLength: 1 }),
                status: fc.string(),
                created_at: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
            });
            const junk = fc.oneof(
                fc.constant(null),
                fc.integer(),
                fc.string(),
                fc.record({ id: fc.constant(""), name: fc.string() }),
                fc.record({ name: fc.string({ minLength: 1 }) }),
            );
            fc.assert(
                fc.property(
                    fc.array(
                        fc.oneof(
                            task.map((t) => ({ good: true as const, t })),
                            junk.map((t) => ({ good: false as const, t })),
                        ),
                        { maxLength: 12 },
                    ),
                    (entries) => {
                        const parsed = parseTasks({ task_count: String(entries.length), tasks: entries.map((e) => e.t) });
                        const expected = entries.filter((e) => e.good).map((e) => e.t as { id: string; name: string; status: string; created_at: string });
                        expect(parsed.map((t) => [t.id, t.name, t.status, t.createdAt])).to.deep.equal(
                            expected.map((t) => [t.id, t.name, t.status.toUpperCase(), Date.parse(t.created_at)]),
                        );
                    },
                ),
                runs,
            );
        });
    });

    describe("(b) signer", () => {
        const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH"];
        const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
        const headerValue = fc.string({ maxLength: 24 }).filter((v) => !/[\r\n]/.test(v));
        interface Shape {
            method: string;
            segments: string[];
            query: [string, string][];
            headers: [string, string][];
            body: string;
            ak: string;
            sk: string;
        }
        const shape: fc.Arbitrary<Shape> = fc.record({
            method: fc.constantFrom(...METHODS),
            segments: fc.array(token, { minLength: 1, maxLength: 5 }),
            query: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 5 }),
            // Distinct names (case-insensitively): a request cannot carry one header twice.
            headers: fc.uniqueArray(
                fc.tuple(
                    token.map((t) => `x-h-${t.toLowerCase()}`),
                    headerValue,
                ),
                { maxLength: 5, selector: ([name]) => name },
            ),
            body: fc.string({ maxLength: 64 }),
            ak: fc.stringMatching(/^[A-Za-z0-9]{1,24}$/),
            sk: fc.string({ minLength: 1, maxLength: 40 }),
        });
        const DATE = "20240102T030405Z";
        const build = (s: Shape, order: "as-is" | "reversed" = "as-is", upperNames = false): SignableRequest => {
            const q = order === "reversed" ? [...s.query].reverse() : s.query;
            const h = order === "reversed" ? [...s.headers].reverse() : s.headers;
            const url = new URL(`https://dcs.example.com/${s.segments.join("/")}`);
            for (const [k, v] of q) url.searchParams.append(k, v);
            const headers: Record<string, string> = {};
            if (order === "reversed") headers["X-Sdk-Date"] = DATE;
            for (const [name, value] of h) headers[upperNames ? name.toUpperCase() : name] = value;
            if (order !== "reversed") headers["X-Sdk-Date"] = DATE;
            return { method: s.method, url: url.toString(), headers, body: s.body };
        };
        const sign = (s: Shape, req: SignableRequest = build(s)) => computeSignature(req, { accessKey: s.ak, secretKey: s.sk });

        it("is deterministic", () => {
            fc.assert(
                fc.property(shape, (s) => {
                    expect(sign(s)).to.deep.equal(sign(s));
                }),
                runs,
            );
        });

        it("ignores header insertion order, header-name case and query parameter order", () => {
            fc.assert(
                fc.property(shape, (s) => {
                    const base = sign(s).signature;
                    expect(sign(s, build(s, "reversed")).signature, "reversed order").to.equal(base);
                    expect(sign(s, build(s, "as-is", true)).signature, "upper-case names").to.equal(base);
                }),
                runs,
            );
        });

        it("changes when the method, path, a query value, a header value or the body changes", () => {
            const change = fc.constantFrom("method", "path", "query", "header", "body");
            fc.assert(
                fc.property(shape, change, fc.nat(), (s, what, pick) => {
                    fc.pre(what !== "query" || s.query.length > 0);
                    fc.pre(what !== "header" || s.headers.length > 0);
                    const t: Shape = structuredClone(s);
                    if (what === "method") t.method = METHODS[(METHODS.indexOf(s.method) + 1 + (pick % 4)) % METHODS.length];
                    if (what === "path") t.segments[pick % t.segments.length] += "x";
                    if (what === "query") t.query[pick % t.query.length][1] += "x";
                    if (what === "header") t.headers[pick % t.headers.length][1] += "x";
                    if (what === "body") t.body += "x";
                    expect(sign(t).signature, what).not.to.equal(sign(s).signature);
                }),
                runs,
            );
        });

        it("the secret key changes the signature; the access key only the Authorization header", () => {
            fc.assert(
                fc.property(shape, fc.stringMatching(/^[A-Za-z0-9]{1,24}$/), (s, otherAk) => {
                    fc.pre(otherAk !== s.ak);
                    expect(sign({ ...s, sk: s.sk + "x" }).signature).not.to.equal(sign(s).signature);
                    const other = sign({ ...s, ak: otherAk });
                    expect(other.signature).to.equal(sign(s).signature);
                    expect(other.authorization).not.to.equal(sign(s).authorization);
                }),
                runs,
            );
        });

        it("parseAuthorization round-trips the Authorization header", () => {
            fc.assert(
                fc.property(shape, (s) => {
                    const sig = sign(s);
                    expect(parseAuthorization(sig.authorization)).to.deep.equal({
                        accessKey: s.ak,
                        signedHeaders: sig.signedHeaders.split(";"),
                        signature: sig.signature,
                    });
                    expect(sig.signedHeaders.split(";")).to.include.members(["host", "x-sdk-date", ...s.headers.map(([n]) => n)]);
                }),
                runs,
            );
        });

        it("parseAuthorization rejects what it did not produce", () => {
            fc.assert(
                fc.property(fc.string({ maxLength: 200 }), (text) => {
                    const parsed = parseAuthorization(text);
                    if (parsed) expect(parsed.signature).to.match(/^[0-9a-f]{64}$/);
                    expect(parseAuthorization(`SDK-HMAC-SHA1 ${text}`)).to.equal(undefined);
                }),
                runs,
            );
        });
    });

    describe("(c) error classification", () => {
        const CLASSES: DcsErrorClass[] = ["busy", "throttled", "transient", "auth", "not-found", "permanent"];
        const KNOWN = [
            "APIG.0308",
            "APIG.0613",
            "APIG.0101",
            "APIG.0201",
            "APIG.0301",
            "APIG.0307",
            "APIG.0310",
            "DCS.4049",
            "DCS.4026",
            "DCS.1004",
            "DCS.3022",
            "DCS.4001",
            "DCS.4855",
            "CBC.99003651",
            "111400026",
            "111404022",
        ];
        // Codes as gateways spell them: APIGW. prefix, stray spaces, tabs, nothing but blanks.
        const spelled = fc
            .tuple(fc.constantFrom(...KNOWN), fc.boolean(), fc.nat(3), fc.nat(3))
            .map(
                ([code, gw, before, after]) =>
                    " ".repeat(before) + (gw ? code.replace(/^APIG\./, "APIGW.") : code).replace(".", after % 2 ? ". " : ".") + "\t".repeat(after),
            );
        const code = fc.oneof(spelled, fc.string({ maxLength: 16 }), fc.stringMatching(/^\s{0,3}$/), fc.constant(undefined));

        it("is total: every status and code gives exactly one of the six classes", () => {
            fc.assert(
                fc.property(fc.integer({ min: -1, max: 1000 }), code, (status, c) => {
                    expect(CLASSES).to.include(classifyError(status, c));
                }),
                runs,
            );
        });

        it("does not depend on how the code is spelled (classifies the normalised code alike)", () => {
            fc.assert(
                fc.property(fc.integer({ min: 100, max: 599 }), code, (status, c) => {
                    expect(classifyError(status, normaliseErrorCode(c))).to.equal(classifyError(status, c));
                }),
                runs,
            );
        });

        it("normaliseErrorCode is idempotent", () => {
            fc.assert(
                fc.property(code, (c) => {
                    const once = normaliseErrorCode(c);
                    expect(normaliseErrorCode(once), JSON.stringify(c)).to.equal(once);
                }),
                runs,
            );
        });
    });

    describe("(d) poll schedule", () => {
        const jitter = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
        const growth = fc.double({ min: 0, max: 10, noNaN: true });
        /** Whole milliseconds, as every documented policy and example uses. */
        const wholeMsPolicy: fc.Arbitrary<PollPolicy> = fc
            .record({
                min: fc.integer({ min: 1, max: 60_000 }),
                span: fc.integer({ min: 0, max: 600_000 }),
                first: fc.integer({ min: 0, max: 60_000 }),
                growth,
                jitter,
            })
            .map(({ min, span, first, growth, jitter }) => ({ firstDelayMs: first, minDelayMs: min, maxDelayMs: min + span, growth, jitter }));
        /** Anything `validatePollPolicy` (and so `check`) accepts, fractional milliseconds included. */
        const anyValidPolicy: fc.Arbitrary<PollPolicy> = fc
            .record({
                min: fc.double({ min: Number.EPSILON, max: 60_000, noNaN: true }),
                extra: fc.double({ min: 0, max: 600_000, noNaN: true }),
                first: fc.double({ min: 0, max: 60_000, noNaN: true }),
                growth,
                jitter,
            })
            .map(({ min, extra, first, growth, jitter }) => ({ firstDelayMs: first, minDelayMs: min, maxDelayMs: min + extra, growth, jitter }));
        const elapsed = fc.oneof(fc.integer({ min: 0, max: 86_400_000 }), fc.double({ min: 0, max: 1e9, noNaN: true }));
        const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

        const withinBounds = (policy: PollPolicy, e: number, r: number) => {
            try {
                validatePollPolicy(policy);
            } catch {
                return; // not a valid policy (if validation is ever tightened): nothing to check
            }
            const delay = nextPollDelay(e, policy, () => r, false);
            expect(delay, JSON.stringify({ policy, elapsed: e, random: r })).to.be.within(policy.minDelayMs, policy.maxDelayMs);
        };

        it("after the first poll, stays within [minDelayMs, maxDelayMs] (whole-ms policies)", () => {
            fc.assert(fc.property(wholeMsPolicy, elapsed, unit, withinBounds), { numRuns: 2000 });
        });

        it("after the first poll, stays within [minDelayMs, maxDelayMs] for ANY valid policy (fractional ms too)", () => {
            fc.assert(fc.property(anyValidPolicy, elapsed, unit, withinBounds), { numRuns: 2000 });
        });

        it("the first poll is firstDelayMs scaled by at most ±jitter", () => {
            fc.assert(
                fc.property(wholeMsPolicy, unit, (policy, r) => {
                    const delay = nextPollDelay(0, policy, () => r, true);
                    expect(delay).to.be.within(Math.floor(policy.firstDelayMs * (1 - policy.jitter)), Math.ceil(policy.firstDelayMs * (1 + policy.jitter)));
                }),
                runs,
            );
        });

        it("without jitter, never shrinks as the wait goes on", () => {
            fc.assert(
                fc.property(wholeMsPolicy, elapsed, elapsed, (policy, a, b) => {
                    const p = { ...policy, jitter: 0 };
                    const [early, late] = a <= b ? [a, b] : [b, a];
                    expect(nextPollDelay(late, p, Math.random, false)).to.be.at.least(nextPollDelay(early, p, Math.random, false));
                }),
                runs,
            );
        });
    });
});
