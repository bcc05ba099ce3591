import { expect } from "chai";
import { randomUUID } from "crypto";
import * as runtime from "../provider/resources/runtime";

/** What preview accepts, `up` can connect with: connection settings are resolved at check, offline. */
describe("runtime.check: connection settings", () => {
    const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
    const swap = (extra: Record<string, unknown> = {}) => ({ instanceId: randomUUID(), preflight: false, ...extra });
    after(() => runtime.configure({ config: config({}) }));

    it("a region without DCS (eu-ch2) fails the preview, naming the input, unless an endpoint is given", async () => {
        await runtime.configure({ config: config({ "dcs:projectId": "0".repeat(32), "dcs:accessKey": "AK", "dcs:secretKey": "SK" }) });
        const { failures } = await runtime.check("MasterStandbySwap", {}, swap({ region: "eu-ch2" }));
        expect(failures).to.have.length(1);
        expect(failures[0].property).to.equal("region");
        expect(failures[0].reason).to.contain("not offered in OTC's Swiss region");
        const withEndpoint = await runtime.check("MasterStandbySwap", {}, swap({ region: "eu-ch2", endpoint: "https://dcs.example.test" }));
        expect(withEndpoint.failures).to.deep.equal([]);
    });

    it("the same from stack config is named by its dcs:* key", async () => {
        await runtime.configure({ config: config({ "dcs:projectId": "0".repeat(32), "dcs:region": "eu-ch2", "dcs:token": "t0k3n-value" }) });
        const { failures } = await runtime.check("ClientIpPassthrough", {}, { ...swap(), enabled: true });
        expect(failures.map((f) => f.property)).to.deep.equal(["dcs:region"]);
    });

    it("settings not given at all (no credentials, no project) are left to up: the preview passes", async () => {
        await runtime.configure({ config: config({ "dcs:region": "eu-de" }) });
        const env = { ...process.env };
        for (const k of Object.keys(process.env)) if (/^(OS|HW)_/.test(k) || k === "DCS_ENDPOINT") delete process.env[k];
        const lines: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => lines.push(args.join(" "));
        try {
            expect((await runtime.check("MasterStandbySwap", {}, swap())).failures).to.deep.equal([]);
            // With preflight on, the read is skipped and a warning says why (a progress line outside the provider host).
            expect((await runtime.check("MasterStandbySwap", {}, swap({ preflight: true }))).failures).to.deep.equal([]);
        } finally {
            console.log = log;
            Object.assign(process.env, env);
        }
        expect(lines.join("\n")).to.match(/preflight: warning: not checked, no usable DCS connection settings \(dcs:projectId: is required/);
    });
});
