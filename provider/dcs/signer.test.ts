import { expect } from "chai";
import { createHash } from "crypto";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { seededRandom } from "../../test/support/seeded-random";
import { canonicalQuery, canonicalUri, computeSignature, formatSdkDate, parseAuthorization, signRequest } from "./signer";

const AK = "QTWAOYTTINDUT2QVKYUC";
const SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("signer", () => {
    // The vector: https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html,
    // https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-003.html.
    it("reproduces the official Huawei test vector", () => {
        const s = computeSignature(
            {
                method: "GET",
                url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                headers: { "Content-Type": "application/json", Host: "service.region.example.com", "X-Sdk-Date": "20191115T033655Z" },
            },
            { accessKey: AK, secretKey: SK },
        );
        expect(sha256(s.canonicalRequest)).to.equal("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        expect(s.signature).to.equal("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
        expect(s.authorization).to.equal(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${s.signature}`);
    });

    // The reference's self-computed DCS vectors (not official, but derived with a signer that passes the official one).
    const host = "dcs.eu-de.otc.t-systems.com";
    const p = "0123456789abcdef0123456789abcdef";
    const i = "5560df16-cebf-4473-95c4-d1b573c16e79";
    const vectors: { name: string; method: string; path: string; headers: Record<string, string>; body: string; cr: string; sig: string }[] = [
        {
            name: "GET job",
            method: "GET",
            path: `/v2/${p}/jobs/ff8080818822bbf70188235afc24141a`,
            headers: {},
            body: "",
            cr: "fa23d2a645d53d1214aa09dea4969423ba698f806beee5815c6ef856dc333335",
            sig: "9ac17330ec759affa82a94c63a390925e787f56fb9899f9fbee279903c2e22c9",
        },
        {
            name: "PUT async-swap",
            method: "PUT",
            path: `/v2/${p}/instances/${i}/async-swap`,
            headers: { "Content-Type": "application/json" },
            body: "",
            cr: "e48727b7aa3dcf8f0a2d61916f95f799381d4af458afca9c1964d9b99874c150",
            sig: "593ec0834ba47f1df5d35b7174be3ec07ccc05f9636f410848ff03700b2f0db6",
        },
        {
            name: "PUT client-ip",
            method: "PUT",
            path: `/v2/${p}/${i}/client-ip-transparent-transmission`,
            headers: { "Content-Type": "application/json;charset=UTF-8" },
            body: '{"transparent_client_ip_enable":true}',
            cr: "9f81c7b9cdc5471ab0de7eeae809161be58dce7a83eb73902fc5da0119fa842f",
            sig: "18ce18e49c1598aa7bb8c68ee369c5aa3463b151d86f4d5225294f23c2bdf3e4",
        },
        {
            name: "GET tasks",
            method: "GET",
            path: `/v2/${p}/instances/${i}/tasks?end_time=20240131235959&limit=10&offset=0&start_time=20240101000000`,
            headers: {},
            body: "",
            cr: "c98e420e2ce2c8074182af29530ee9202a982ad0ade82c4aa27a1764df50702e",
            sig: "9a7cbeaa4d0948ebcd78e2dae0c88f4b73b51b6955ddf5ded2779d6f6695a507",
        },
    ];
    for (const v of vectors) {
        it(`matches the DCS vector for ${v.name}`, () => {
            const s = computeSignature(
                { method: v.method, url: `https://${host}${v.path}`, headers: { ...v.headers, "X-Sdk-Date": "20240416T095341Z" }, body: v.body },
                { accessKey: AK, secretKey: SK },
            );
            expect(sha256(s.canonicalRequest)).to.equal(v.cr);
            expect(s.signature).to.equal(v.sig);
        });
    }

    it("appends a slash to the canonical URI only, and encodes like the gateway", () => {
        expect(canonicalUri("/v2/a b/c")).to.equal("/v2/a%20b/c/");
        expect(canonicalUri("/v2/x/")).to.equal("/v2/x/");
        expect(canonicalUri("/v2/it's(1)*!")).to.equal("/v2/it%27s%281%29%2A%21/");
        expect(canonicalQuery(new URLSearchParams("b=2&a=3&a=1&c=x%20y"))).to.equal("a=1&a=3&b=2&c=x%20y");
    });

    it("adds X-Sdk-Date, signs X-Security-Token, and its Authorization header parses back", () => {
        const headers = signRequest(
            { method: "GET", url: `https://${host}/v2/${p}/jobs/j1`, headers: {} },
            { accessKey: AK, secretKey: SK, securityToken: "tok" },
            new Date(Date.UTC(2024, 3, 16, 9, 53, 41)),
        );
        expect(headers["X-Sdk-Date"]).to.equal("20240416T095341Z");
        expect(headers["X-Security-Token"]).to.equal("tok");
        const parsed = parseAuthorization(headers.Authorization);
        expect(parsed?.accessKey).to.equal(AK);
        expect(parsed?.signedHeaders).to.deep.equal(["host", "x-sdk-date", "x-security-token"]);
        expect(formatSdkDate(new Date(0))).to.equal("19700101T000000Z");
    });

    it("equals the official Huawei Node SDK signer on 600 randomized requests", () => {
        const rnd = seededRandom(20241128);
        const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
        const word = (alphabet: string, min: number, max: number) => {
            const n = min + Math.floor(rnd() * (max - min + 1));
            return Array.from({ length: n }, () => pick([...alphabet])).join("");
        };
        // Path characters stay in the unreserved set: the SDK re-encodes an already-encoded path, the gateway does not.
        // Dot-only segments are replaced: URLs resolve them away before anything is sent.
        const pathChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
        // Query values may hold anything: both sides encode the decoded value.
        const valueChars = "abcXYZ019 -_.~!*'()&=+/?:@$,;%#[]äé漢😀";
        // Header names avoid '_': the SDK orders canonical headers with localeCompare, which ranks '_' before '-'.
        const headerNames = ["Content-Type", "X-Project-Id", "X-Security-Token", "X-Request-Trace", "Accept", "X-Client-Name"];
        for (let n = 0; n < 600; n++) {
            const method = pick(["GET", "PUT", "POST", "DELETE"] as const);
            const path =
                "/" +
                Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => word(pathChars, 1, 12).replace(/^\.+$/, "dots")).join("/") +
                (rnd() < 0.2 ? "/" : "");
            const query: Record<string, string> = {};
            for (let q = Math.floor(rnd() * 4); q > 0; q--) query[word("abcdefghij_", 1, 8)] = word(valueChars, 0, 10);
            const headers: Record<string, string> = { "X-Sdk-Date": `2024${pick(["01", "06", "12"])}1${Math.floor(rnd() * 9)}T0${Math.floor(rnd() * 9)}3655Z` };
            for (const h of headerNames) if (rnd() < 0.4) headers[h] = word("abcdefABC0123456789-;=/ ", 1, 20).trim() || "x";
            const data = method === "GET" || rnd() < 0.3 ? undefined : { enabled: rnd() < 0.5, name: word(valueChars, 0, 12), n: Math.floor(rnd() * 1000) };
            const ak = word("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20, 20);
            const sk = word(pathChars, 40, 40);
            const endpoint = `https://dcs.${pick(["eu-de", "eu-nl", "cn-north-4"])}.example.com${path}`;

            const sdk = AKSKSigner.sign(
                { endpoint, method, headers: { ...headers }, queryParams: query, data } as never,
                { getAk: () => ak, getSk: () => sk } as never,
            ) as Record<string, string>;
            const search = new URLSearchParams(query).toString();
            const ours = computeSignature(
                { method, url: endpoint + (search ? `?${search}` : ""), headers, body: data === undefined ? "" : JSON.stringify(data) },
                { accessKey: ak, secretKey: sk },
            );
            expect(ours.authorization, `request #${n}: ${method} ${endpoint} ${JSON.stringify(query)}`).to.equal(sdk.Authorization);
        }
    });
});
