import { expect } from "chai";
import { configEnv } from "./config-env";

describe("language host configEnv", () => {
    it("sends config in the ns:config:name form with the secret keys", () => {
        const env = configEnv({ "dcs:accessKey": "AK", "proj:instanceId": "i", "aws:config:region": "eu" }, ["dcs:secretKey"]);
        expect(JSON.parse(env.PULUMI_CONFIG)).to.deep.equal({ "dcs:config:accessKey": "AK", "proj:config:instanceId": "i", "aws:config:region": "eu" });
        expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["dcs:secretKey"]);
    });

    it("sends the keys as the engine sent them for the Python and Go SDKs, which look up ns:name only", () => {
        const env = configEnv({ "proj:greeting": "hi", "aws:region": "eu" }, ["proj:token"], "as-sent");
        expect(JSON.parse(env.PULUMI_CONFIG)).to.deep.equal({ "proj:greeting": "hi", "aws:region": "eu" });
        expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["proj:token"]);
    });
});
