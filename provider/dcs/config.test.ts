import { expect } from "chai";
import { DcsClient } from "./client";
import { DcsConnectionOptions, resolveConnection } from "./config";
import { DcsConfigError } from "./errors";

const P = "0123456789abcdef0123456789abcdef";
const keys = { accessKey: "AKEXAMPLE", secretKey: "sk-example" };

function configError(fn: () => unknown): DcsConfigError {
    try {
        fn();
    } catch (error) {
        expect(error).to.be.instanceOf(DcsConfigError);
        return error as DcsConfigError;
    }
    throw new Error("expected a DcsConfigError");
}

describe("resolveConnection", () => {
    it("builds OTC and Huawei Cloud endpoints from the region", () => {
        expect(resolveConnection({ projectId: P, region: "eu-de", credentials: keys }, {}).endpoint).to.equal("https://dcs.eu-de.otc.t-systems.com");
        expect(resolveConnection({ projectId: P, region: "ap-southeast-1", credentials: keys }, {}).endpoint).to.equal(
            "https://dcs.ap-southeast-1.myhuaweicloud.com",
        );
        expect(resolveConnection({ projectId: P, region: "eu-west-0", credentials: keys }, {}).endpoint).to.equal("https://dcs.eu-west-0.myhuaweicloud.com");
    });

    it("puts eu-west-101 (Dublin) on myhuaweicloud.eu, like the Huawei Terraform provider", () => {
        for (const cloud of ["huaweicloud", undefined] as const) {
            expect(resolveConnection({ projectId: P, region: "eu-west-101", cloud, credentials: keys }, {}).endpoint).to.equal(
                "https://dcs.eu-west-101.myhuaweicloud.eu",
            );
        }
    });

    it("refuses eu-ch2, where OTC offers no DCS, and says an endpoint would do", () => {
        for (const [options, env] of [
            [{ region: "eu-ch2" }, {}],
            [{ region: "eu-ch2", cloud: "otc" as const }, {}],
            [{}, { OS_REGION_NAME: "eu-ch2" }],
        ] as const) {
            const err = configError(() => resolveConnection({ projectId: P, credentials: keys, ...options }, env));
            expect(err.field).to.equal("region");
            expect(err.message).to.equal(
                `region: "eu-ch2": DCS is not offered in OTC's Swiss region (no DCS API is documented there); give an endpoint explicitly if yours has one`,
            );
        }
    });

    it("lets an explicit endpoint win over any region: eu-ch2, an unknown one, or one of the other cloud", () => {
        const endpoint = "https://dcs.example.ch";
        const regions: [string, DcsConnectionOptions["cloud"]][] = [
            ["eu-ch2", undefined],
            ["eu-ch2", "otc"],
            ["mars-1", undefined],
            ["eu-de", "huaweicloud"],
        ];
        for (const [region, cloud] of regions) {
            expect(resolveConnection({ projectId: P, credentials: keys, region, cloud, endpoint }, {}).endpoint).to.equal(endpoint);
            expect(resolveConnection({ projectId: P, credentials: keys, region, cloud }, { DCS_ENDPOINT: endpoint }).endpoint).to.equal(endpoint);
            expect(new DcsClient({ projectId: P, credentials: keys, region, cloud, endpoint, env: {} }).endpoint).to.equal(endpoint);
        }
        expect(resolveConnection({ projectId: P, credentials: keys }, { OS_REGION_NAME: "eu-ch2", DCS_ENDPOINT: endpoint }).endpoint).to.equal(endpoint);
    });

    it("prefers explicit options, then OS_*, then HW_* variables", () => {
        const env = { OS_ACCESS_KEY: "OSAK", OS_SECRET_KEY: "ossk", HW_ACCESS_KEY: "HWAK", HW_SECRET_KEY: "hwsk", OS_PROJECT_ID: P, HW_REGION_NAME: "eu-nl" };
        const fromEnv = resolveConnection({}, env);
        expect(fromEnv.credentials).to.deep.equal({ accessKey: "OSAK", secretKey: "ossk" });
        expect(fromEnv.endpoint).to.equal("https://dcs.eu-nl.otc.t-systems.com");
        expect(resolveConnection({ credentials: keys, region: "eu-de" }, env).credentials).to.deep.equal(keys);
        expect(
            resolveConnection(
                {},
                { HW_ACCESS_KEY: "HWAK", HW_SECRET_KEY: "hwsk", HW_SECURITY_TOKEN: "t", HW_PROJECT_ID: P, DCS_ENDPOINT: "http://127.0.0.1:9" },
            ).credentials,
        ).to.deep.equal({ accessKey: "HWAK", secretKey: "hwsk", securityToken: "t" });
        expect(resolveConnection({}, { OS_AUTH_TOKEN: "tok", OS_PROJECT_ID: P, OS_REGION_NAME: "eu-de" }).credentials).to.deep.equal({ token: "tok" });
    });

    const bad: [string, () => unknown, string][] = [
        ["missing project id", () => resolveConnection({ region: "eu-de", credentials: keys }, {}), "projectId"],
        ["project id with a slash", () => resolveConnection({ projectId: "a/b", region: "eu-de", credentials: keys }, {}), "projectId"],
        ["missing credentials", () => resolveConnection({ projectId: P, region: "eu-de" }, {}), "credentials"],
        ["AK without SK", () => resolveConnection({ projectId: P, region: "eu-de" }, { OS_ACCESS_KEY: "AK" }), "credentials.secretKey"],
        [
            "empty secret key",
            () => resolveConnection({ projectId: P, region: "eu-de", credentials: { accessKey: "AK", secretKey: "" } }, {}),
            "credentials.secretKey",
        ],
        ["empty token", () => resolveConnection({ projectId: P, region: "eu-de", credentials: { token: " " } }, {}), "credentials.token"],
        ["no region nor endpoint", () => resolveConnection({ projectId: P, credentials: keys }, {}), "region"],
        ["unknown region", () => resolveConnection({ projectId: P, region: "mars-1", credentials: keys }, {}), "region"],
        ["region of the other cloud", () => resolveConnection({ projectId: P, region: "eu-de", cloud: "huaweicloud", credentials: keys }, {}), "region"],
        [
            "http endpoint to a remote host",
            () => resolveConnection({ projectId: P, endpoint: "http://dcs.eu-de.otc.t-systems.com", credentials: keys }, {}),
            "endpoint",
        ],
        ["endpoint that is not a URL", () => resolveConnection({ projectId: P, endpoint: "dcs.example.com", credentials: keys }, {}), "endpoint"],
        ["endpoint with a query", () => resolveConnection({ projectId: P, endpoint: "https://dcs.example.com/?a=1", credentials: keys }, {}), "endpoint"],
        ["ftp endpoint", () => resolveConnection({ projectId: P, endpoint: "ftp://127.0.0.1", credentials: keys }, {}), "endpoint"],
        ["bad request timeout", () => new DcsClient({ projectId: P, region: "eu-de", credentials: keys, requestTimeoutMs: -5, env: {} }), "requestTimeoutMs"],
    ];
    for (const [name, fn, field] of bad) {
        it(`rejects ${name}, naming ${field}`, () => {
            const err = configError(fn);
            expect(err.field).to.equal(field);
            expect(err.message.startsWith(`${field}:`)).to.equal(true);
        });
    }

    it("allows plain http only to loopback addresses", () => {
        for (const endpoint of ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:2/"]) {
            expect(resolveConnection({ projectId: P, endpoint, credentials: keys }, {}).endpoint).to.equal(endpoint.replace(/\/$/, ""));
        }
    });

    it("never echoes a secret key in its errors", () => {
        const err = configError(() => resolveConnection({ projectId: P, region: "eu-de", credentials: { accessKey: "bad key!", secretKey: "TOPSECRET" } }, {}));
        expect(err.message).not.to.contain("TOPSECRET");
        expect(err.message).not.to.contain("bad key!");
    });
});
