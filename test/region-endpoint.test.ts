import { expect } from "chai";
import { DcsConfigError } from "../provider/dcs";
import { clientFor, configureFrom } from "../provider/resources/runtime/settings";

const P = "0123456789abcdef0123456789abcdef";

/** Stack config `dcs:endpoint` against a region without DCS (provider/dcs/config.test.ts covers the library). */
describe("provider settings: endpoint and region", () => {
    // clientFor reads process.env for fallbacks; an exported DCS_ENDPOINT would hide the refusal.
    const saved = process.env.DCS_ENDPOINT;
    beforeEach(() => delete process.env.DCS_ENDPOINT);
    afterEach(() => {
        if (saved !== undefined) process.env.DCS_ENDPOINT = saved;
        configureFrom({ get: () => undefined }, {});
    });

    it("lets dcs:endpoint win over dcs:region eu-ch2, and refuses eu-ch2 without one", () => {
        const config: Record<string, string> = {
            "dcs:region": "eu-ch2",
            "dcs:endpoint": "https://dcs.example.ch",
            "dcs:projectId": P,
            "dcs:accessKey": "AK",
            "dcs:secretKey": "sk",
        };
        configureFrom({ get: (key) => config[key] }, {});
        expect(clientFor({}).endpoint).to.equal("https://dcs.example.ch");
        delete config["dcs:endpoint"];
        configureFrom({ get: (key) => config[key] }, {});
        expect(() => clientFor({}))
            .to.throw(DcsConfigError, "DCS is not offered in OTC's Swiss region")
            .with.property("field", "dcs:region");
    });
});
