import { expect } from "chai";
import fc from "fast-check";
import { DcsCredentials } from "./config";
import { MAX_ERROR_MSG_CHARS, MAX_ERROR_TEXT_CHARS, MAX_ID_CHARS, MIN_SCRUBBED_SECRET_CHARS } from "./defaults";
import { REDACTED, scrubberFor, secretsOf } from "./scrub";

// Upper-case letters only: filler, "[redacted]" and the rest of an error's text are never six of them in a row.
const SECRET_KEY = "SKQWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPAS";
const SECURITY_TOKEN = "STSZXCVBNMLKJHGFDSAPOIUYTREWQMNBVCXZLKJHGFDSAPOIUYTREWQABCDEFGHIJ";
const AUTH_TOKEN = "MIIAUTHTOKENQAZWSXEDCRFVTGBYHNUJMIKOLPQAZWSXEDCRFVTGBYHNUJMIKOLP";
const AKSK: DcsCredentials = { accessKey: "AKEXAMPLE", secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN };
const TOKEN: DcsCredentials = { token: AUTH_TOKEN };

/** Every six-character piece of `secret`: none may survive, whole or cut. */
function windows(secret: string): string[] {
    return Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));
}

describe("scrub: credentials out of text that came back", () => {
    it("replaces the secret key, the security token and an IAM token, but not the access key", () => {
        const aksk = scrubberFor(AKSK);
        expect(aksk.scrub(`k=${SECRET_KEY} t=${SECURITY_TOKEN} ak=AKEXAMPLE`)).to.equal(`k=${REDACTED} t=${REDACTED} ak=AKEXAMPLE`);
        expect(scrubberFor(TOKEN).scrub(`X-Auth-Token: ${AUTH_TOKEN}`)).to.equal(`X-Auth-Token: ${REDACTED}`);
    });

    it("replaces a signature from an echoed Authorization header, with any credentials", () => {
        const header = `SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=${"0a".repeat(32)}`;
        const expected = `SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=${REDACTED}`;
        expect(scrubberFor(AKSK).scrub(header)).to.equal(expected);
        expect(scrubberFor(TOKEN).scrub(header)).to.equal(expected);
    });

    it("replaces a secret as a server may echo it: JSON-escaped or percent-encoded", () => {
        const secret = 'a/b+c"d\\e=f';
        const scrubber = scrubberFor({ accessKey: "AK", secretKey: secret });
        for (const echoed of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
            expect(scrubber.scrub(`<${echoed}>`), echoed).to.equal(`<${REDACTED}>`);
    });

    it("replaces a secret that contains the other one whole, not in visible pieces", () => {
        const scrubber = scrubberFor({ accessKey: "AK", secretKey: "INNERSECRET", securityToken: "OUTER-INNERSECRET-TOKEN" });
        expect(scrubber.scrub("x OUTER-INNERSECRET-TOKEN y INNERSECRET")).to.equal(`x ${REDACTED} y ${REDACTED}`);
        expect(secretsOf({ accessKey: "AK", secretKey: "INNERSECRET", securityToken: "OUTER-INNERSECRET-TOKEN" })[0]).to.equal("OUTER-INNERSECRET-TOKEN");
    });

    it(`leaves a credential shorter than ${MIN_SCRUBBED_SECRET_CHARS} characters (it would redact ordinary words)`, () => {
        const short = "a".repeat(MIN_SCRUBBED_SECRET_CHARS - 1);
        expect(secretsOf({ accessKey: "AK", secretKey: short })).to.deep.equal([]);
        expect(scrubberFor({ accessKey: "AK", secretKey: short }).scrub("banana")).to.equal("banana");
    });

    it("clean scrubs before it cuts: a secret across the cut leaves no piece behind", () => {
        const scrubber = scrubberFor(AKSK);
        const text = "x".repeat(MAX_ID_CHARS - 10) + SECRET_KEY;
        expect(scrubber.clean(text, MAX_ID_CHARS)).to.equal("x".repeat(MAX_ID_CHARS - 10) + REDACTED);
        expect(scrubber.clean("short", MAX_ID_CHARS)).to.equal("short");
        expect(scrubber.clean("y".repeat(MAX_ID_CHARS + 1), MAX_ID_CHARS)).to.equal("y".repeat(MAX_ID_CHARS) + "…");
    });

    // What the transport tests once did over HTTP, one request per offset: the same texts, run directly.
    describe("never leaks a secret at any offset of an error text, at either cut", () => {
        const BODY_CHARS = 1200; // over both cuts (300 for text, 1000 for error_msg)
        const filler = "lorem ipsum dolor sit amet ".repeat(60).slice(0, BODY_CHARS);
        const secrets = [
            { name: "secret key", credentials: AKSK, value: SECRET_KEY },
            { name: "security token", credentials: AKSK, value: SECURITY_TOKEN },
            { name: "X-Auth-Token", credentials: TOKEN, value: AUTH_TOKEN },
        ];
        const cuts = [
            { name: "non-JSON body", max: MAX_ERROR_TEXT_CHARS },
            { name: "error_msg", max: MAX_ERROR_MSG_CHARS },
        ];
        for (const secret of secrets) {
            for (const cut of cuts) {
                const offsets = BODY_CHARS - secret.value.length + 1;
                it(`the ${secret.name} at each of ${offsets} offsets of a ${BODY_CHARS}-char ${cut.name} (cut at ${cut.max})`, () => {
                    const scrubber = scrubberFor(secret.credentials);
                    const pieces = windows(secret.value);
                    for (let offset = 0; offset < offsets; offset++) {
                        const text = filler.slice(0, offset) + secret.value + filler.slice(offset + secret.value.length);
                        const out = scrubber.clean(text, cut.max);
                        for (const piece of pieces) if (out.includes(piece)) expect.fail(`offset ${offset}: "${piece}" of the ${secret.name} leaked in ${out}`);
                        // Proof the secret was scrubbed, not merely cut away.
                        if (offset + secret.value.length <= cut.max) expect(out, `offset ${offset}`).to.contain(REDACTED);
                    }
                });
            }
        }
    });

    it("property: no credential survives in any text, whatever surrounds it and wherever it is cut", () => {
        const credentials = fc.constantFrom({ credentials: AKSK, values: [SECRET_KEY, SECURITY_TOKEN] }, { credentials: TOKEN, values: [AUTH_TOKEN] });
        fc.assert(
            fc.property(credentials, fc.string(), fc.string(), fc.nat(), fc.nat({ max: 2000 }), ({ credentials, values }, before, after, pick, max) => {
                const secret = values[pick % values.length];
                const out = scrubberFor(credentials).clean(before + secret + after, max);
                for (const value of values) expect(out).not.to.contain(value);
            }),
            { numRuns: 2000 },
        );
    });
});
