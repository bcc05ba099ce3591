import { expect } from "chai";
import { IncomingMessage, Server, ServerResponse, createServer } from "http";
import { AddressInfo } from "net";
import { DcsClient } from "./client";
import { DcsCredentials, resolveConnection } from "./config";
import { AmbiguousTriggerError, DcsApiError, DcsNetworkError, DcsResponseTooLargeError } from "./errors";
import { MAX_ERROR_MSG_CHARS, MAX_ERROR_TEXT_CHARS, MAX_RESPONSE_BYTES } from "./defaults";
import { DcsExchange, DcsRequest, DcsTransport } from "./transport";

const P = "0123456789abcdef0123456789abcdef";
const INSTANCE = "5560df16-cebf-4473-95c4-d1b573c16e79";
// Upper-case letters only: filler, "[redacted]" and the rest of an error's text are never six of them in a row.
const SECRET_KEY = "SKQWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPAS";
const SECURITY_TOKEN = "STSZXCVBNMLKJHGFDSAPOIUYTREWQMNBVCXZLKJHGFDSAPOIUYTREWQABCDEFGHIJ";
const AUTH_TOKEN = "MIIAUTHTOKENQAZWSXEDCRFVTGBYHNUJMIKOLPQAZWSXEDCRFVTGBYHNUJMIKOLP";
const AKSK: DcsCredentials = { accessKey: "AKEXAMPLE", secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN };
const TOKEN: DcsCredentials = { token: AUTH_TOKEN };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 whose answers each test sets; counts requests per method. */
class CannedServer {
    handler: Handler = (_req, res) => res.end();
    readonly methods: string[] = [];
    private server?: Server;

    async start(): Promise<string> {
        this.server = createServer((req, res) => {
            this.methods.push(req.method ?? "");
            this.handler(req, res);
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise((resolve) => this.server?.close(resolve));
    }
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "Content-Type": body.startsWith("{") ? "application/json" : "text/html", ...headers });
    res.end(body);
}

/** `total` bytes of a JSON object, sent chunked (no Content-Length) unless `declare` is set. */
function bigJson(res: ServerResponse, status: number, total: number, declare = false): void {
    const head = '{"job_id":"ff8080818822bbf70188235afc24141a","pad":"';
    const pad = "x".repeat(total - head.length - 2);
    res.writeHead(status, { "Content-Type": "application/json", ...(declare ? { "Content-Length": String(total) } : {}) });
    res.write(head);
    res.end(pad + '"}');
}

async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the call to fail");
}

describe("DcsTransport against a real local HTTP server", function () {
    this.timeout(60_000);
    const server = new CannedServer();
    let url: string;
    const transport = (credentials: DcsCredentials = AKSK) =>
        new DcsTransport(resolveConnection({ projectId: P, endpoint: url, credentials }, {}), { requestTimeoutMs: 10_000, userAgent: "test" });
    const client = () => new DcsClient({ projectId: P, endpoint: url, credentials: AKSK, env: {}, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const get = (path = `/v2/${P}/jobs/j`): DcsRequest => ({ operation: "showJob", method: "GET", path });

    before(async () => (url = await server.start()));
    after(() => server.stop());
    beforeEach(() => (server.methods.length = 0));

    describe("onExchange (debug logs)", () => {
        it("reports method, path, status and request id of every exchange, answered or failed, and nothing of headers, query or body", async () => {
            const seen: DcsExchange[] = [];
            const observed = new DcsTransport(resolveConnection({ projectId: P, endpoint: url, credentials: AKSK }, {}), {
                requestTimeoutMs: 10_000,
                userAgent: "test",
                onExchange: (e) => seen.push(e),
            });
            server.handler = (_req, res) => answer(res, 200, "{}", { "X-Request-Id": "req-1" });
            await observed.send({ ...get(), query: { secret_looking: SECRET_KEY } });
            server.handler = (_req, res) => answer(res, 400, JSON.stringify({ error_code: "DCS.4049", error_msg: "busy" }), { "X-Request-Id": "req-2" });
            await failure(observed.send({ operation: "asyncSwap", method: "PUT", path: `/v2/${P}/instances/${INSTANCE}/async-swap`, body: { k: SECRET_KEY } }));
            server.handler = (req) => req.socket.destroy();
            await failure(observed.send(get()));
            expect(seen.map(({ durationMs, ...e }) => (expect(durationMs).to.be.at.least(0), e))).to.deep.equal([
                { operation: "showJob", method: "GET", path: `/v2/${P}/jobs/j`, outcome: 200, requestId: "req-1" },
                { operation: "asyncSwap", method: "PUT", path: `/v2/${P}/instances/${INSTANCE}/async-swap`, outcome: 400, requestId: "req-2" },
                { operation: "showJob", method: "GET", path: `/v2/${P}/jobs/j`, outcome: "ECONNRESET", requestId: undefined },
            ]);
            expect(JSON.stringify(seen)).to.not.contain(SECRET_KEY);
        });
    });

    describe("error bodies", () => {
        it("reads the legacy v1 shape {error: {code, message}}", async () => {
            server.handler = (_req, res) =>
                answer(res, 400, JSON.stringify({ error: { code: "111400086", message: "only master standby instance is support this action" } }));
            const err = await failure(transport().send(get()));
            expect(err).to.be.instanceOf(DcsApiError);
            expect(err).to.include({
                status: 400,
                errorCode: "111400086",
                errorMsg: "only master standby instance is support this action",
                errorClass: "permanent",
            });
            expect(err.message).to.contain("111400086").and.contain("only master standby instance");
        });

        it("reads a numeric legacy code, and prefers the v2 fields when both are present", async () => {
            server.handler = (_req, res) => answer(res, 400, JSON.stringify({ error: { code: 111400026, message: "legacy" } }));
            expect(await failure(transport().send(get()))).to.include({ errorCode: "111400026", errorMsg: "legacy", errorClass: "busy" });
            server.handler = (_req, res) =>
                answer(res, 400, JSON.stringify({ error_code: "DCS.4049", error_msg: "v2", error: { code: "111400086", message: "v1" } }));
            expect(await failure(transport().send(get()))).to.include({ errorCode: "DCS.4049", errorMsg: "v2" });
        });

        it("exposes codes normalised: 'DCS. 4855' as DCS.4855, APIGW.0308 as APIG.0308", async () => {
            server.handler = (_req, res) => answer(res, 400, JSON.stringify({ error_code: "DCS. 4855", error_msg: "Master standby swap is not supported." }));
            const spaced = await failure(transport().send(get()));
            expect(spaced).to.include({ errorCode: "DCS.4855", errorClass: "permanent" });
            expect(spaced.message).to.contain(" DCS.4855:");
            server.handler = (_req, res) => answer(res, 429, JSON.stringify({ error_code: "APIGW.0308", error_msg: "over ratelimit" }));
            expect(await failure(transport().send(get()))).to.include({ errorCode: "APIG.0308", errorClass: "throttled" });
        });

        it(`keeps at most ${MAX_ERROR_MSG_CHARS} characters of a JSON error_msg and ${MAX_ERROR_TEXT_CHARS} of a non-JSON body`, async () => {
            server.handler = (_req, res) => answer(res, 400, JSON.stringify({ error_code: "DCS.4855", error_msg: "m".repeat(5000) }));
            expect(((await failure(transport().send(get()))) as DcsApiError).errorMsg).to.equal("m".repeat(MAX_ERROR_MSG_CHARS) + "…");
            server.handler = (_req, res) => answer(res, 502, "<html>" + "h".repeat(5000));
            const err = (await failure(transport().send(get()))) as DcsApiError;
            expect(err.errorMsg).to.equal(("<html>" + "h".repeat(5000)).slice(0, MAX_ERROR_TEXT_CHARS) + "…");
        });

        it("scrubs a secret echoed in error_code and in the request id", async () => {
            server.handler = (_req, res) =>
                answer(res, 400, JSON.stringify({ error_code: `X${SECRET_KEY}`, error_msg: "m" }), { "X-Request-Id": `r-${SECRET_KEY}` });
            const err = (await failure(transport().send(get()))) as DcsApiError;
            expect(JSON.stringify(err)).not.to.contain(SECRET_KEY);
            expect(err.errorCode).to.equal("X[redacted]");
            expect(err.requestId).to.equal("r-[redacted]");
        });
    });

    describe(`response size cap (${MAX_RESPONSE_BYTES} bytes)`, () => {
        it("reads a body of exactly the limit", async () => {
            server.handler = (_req, res) => bigJson(res, 200, MAX_RESPONSE_BYTES);
            const response = await transport().send(get());
            expect((response.body as { job_id: string }).job_id).to.equal("ff8080818822bbf70188235afc24141a");
        });

        for (const declare of [true, false]) {
            it(`fails a read one byte over the limit (${declare ? "Content-Length" : "chunked"}) with an error naming operation and limit, not retried`, async () => {
                server.handler = (_req, res) => bigJson(res, 200, MAX_RESPONSE_BYTES + 1, declare);
                const err = await failure(client().showJob("ff8080818822bbf70188235afc24141a"));
                expect(err).to.be.instanceOf(DcsResponseTooLargeError).and.include({ operation: "showJob", status: 200, limitBytes: MAX_RESPONSE_BYTES });
                expect(err).to.include({ errorClass: "permanent", errorCode: undefined });
                expect(err.message).to.contain("showJob").and.contain(String(MAX_RESPONSE_BYTES)).and.contain("1 MiB");
                expect(server.methods).to.deep.equal(["GET"]);
            });
        }

        it("retries a read whose oversized answer is a 503 (the status still classifies it)", async () => {
            server.handler = (_req, res) => bigJson(res, 503, MAX_RESPONSE_BYTES + 1);
            const err = await failure(client().showInstance(INSTANCE));
            expect(err).to.be.instanceOf(DcsResponseTooLargeError).and.include({ status: 503, errorClass: "transient" });
            expect(server.methods).to.deep.equal(["GET", "GET", "GET"]);
        });

        it("stops reading an endless body: the server sees the connection close long before it is done", async () => {
            const total = 64 * MAX_RESPONSE_BYTES;
            let written = 0;
            const closed = new Promise<{ written: number; finished: boolean }>((resolve) => {
                server.handler = (_req, res) => {
                    res.on("close", () => resolve({ written, finished: res.writableFinished }));
                    res.writeHead(200, { "Content-Type": "application/json" });
                    const chunk = Buffer.alloc(64 * 1024, 0x61);
                    const pump = () => {
                        while (written < total && !res.destroyed) {
                            written += chunk.length;
                            if (!res.write(chunk)) return void res.once("drain", pump);
                        }
                        if (!res.destroyed) res.end();
                    };
                    pump();
                };
            });
            expect(await failure(transport().send(get()))).to.be.instanceOf(DcsResponseTooLargeError);
            const seen = await closed;
            expect(seen.finished).to.equal(false);
            expect(seen.written).to.be.below(total / 2);
        });

        it("ends an oversized 2xx to a trigger PUT in AmbiguousTriggerError accepted: true, sent once", async () => {
            server.handler = (_req, res) => bigJson(res, 200, MAX_RESPONSE_BYTES + 1);
            const err = await failure(client().swapMasterStandby(INSTANCE));
            expect(err).to.be.instanceOf(AmbiguousTriggerError).and.include({ accepted: true, operation: "swapMasterStandby", instanceId: INSTANCE });
            expect((err as Error).message).to.contain("over the response size limit");
            expect(server.methods).to.deep.equal(["PUT"]);
        });

        it("returns an oversized 2xx to a non-GET without its body, marked bodyTooLarge", async () => {
            server.handler = (_req, res) => bigJson(res, 200, MAX_RESPONSE_BYTES + 1, true);
            const response = await transport().send({ operation: "swapMasterStandbySync", method: "POST", path: `/v2/${P}/instances/${INSTANCE}/swap` });
            expect(response).to.deep.equal({ status: 200, body: undefined, requestId: undefined, bodyTooLarge: true });
        });

        it("treats an oversized 5xx to a trigger as ambiguous (not accepted) and an oversized 400 as a refusal, each sent once", async () => {
            server.handler = (_req, res) => bigJson(res, 502, MAX_RESPONSE_BYTES + 1);
            expect(await failure(client().swapMasterStandby(INSTANCE)))
                .to.be.instanceOf(AmbiguousTriggerError)
                .and.include({ accepted: false });
            server.handler = (_req, res) => bigJson(res, 400, MAX_RESPONSE_BYTES + 1);
            expect(await failure(client().swapMasterStandby(INSTANCE)))
                .to.be.instanceOf(DcsResponseTooLargeError)
                .and.include({ status: 400 });
            expect(server.methods).to.deep.equal(["PUT", "PUT"]);
        });
    });

    // The scrubbing itself is tested on every offset in scrub.test.ts; here, that each path goes through it.
    describe("secrets never leak: every text that comes back goes through the scrubber", () => {
        /** The places a caller or a log sees an error's text. */
        const views = (err: Error) => [err.message, String(err), JSON.stringify(err), (err as DcsApiError).errorMsg ?? "", err.stack ?? ""];
        const echoedIn = (body: (text: string) => string, echo: (req: IncomingMessage) => string) => (req: IncomingMessage, res: ServerResponse) =>
            answer(res, 400, body(`lorem ${echo(req)} ipsum`));
        const cases: { name: string; credentials: DcsCredentials; secret: string; handler: Handler }[] = [
            {
                name: "the secret key in a non-JSON body",
                credentials: AKSK,
                secret: SECRET_KEY,
                handler: echoedIn(
                    (t) => t,
                    () => SECRET_KEY,
                ),
            },
            {
                name: "the security token (as sent) in a JSON error_msg",
                credentials: AKSK,
                secret: SECURITY_TOKEN,
                handler: echoedIn(
                    (t) => JSON.stringify({ error_code: "DCS.4855", error_msg: t }),
                    (req) => String(req.headers["x-security-token"]),
                ),
            },
            {
                name: "the X-Auth-Token (as sent) in a legacy error.message",
                credentials: TOKEN,
                secret: AUTH_TOKEN,
                handler: echoedIn(
                    (t) => JSON.stringify({ error: { code: "111400086", message: t } }),
                    (req) => String(req.headers["x-auth-token"]),
                ),
            },
        ];
        for (const c of cases) {
            it(`scrubs ${c.name}`, async () => {
                server.handler = c.handler;
                const err = await failure(transport(c.credentials).send(get()));
                expect(err).to.be.instanceOf(DcsApiError);
                expect((err as DcsApiError).errorMsg).to.equal(`lorem [redacted] ipsum`);
                for (const view of views(err)) expect(view).not.to.contain(c.secret);
            });
        }

        it("scrubs a network error's message (node-fetch puts the URL, query included, in it)", async () => {
            server.handler = (req) => req.socket.destroy();
            const err = await failure(transport().send({ ...get(), query: { echo: SECRET_KEY } }));
            expect(err).to.be.instanceOf(DcsNetworkError);
            expect(err.message).to.contain("echo=[redacted]");
            for (const view of views(err)) expect(view).not.to.contain(SECRET_KEY);
        });
    });
});
