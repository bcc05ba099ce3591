import { expect } from "chai";
import { configEnv } from "./config-env";

describe("language host configEnv", () => {
    it("sends config in the ns:config:name form with the secret keys", () => {
        const env = configEnv({ "dcs:accessKey": "AK", "proj:instanceId": "i", "aws:config:region": "eu" }, ["dcs:secretKey"]);
        expect(JSON.parse(env.PULUMI_CONFIG)).to.deep.equal({ "dcs:config:accessKey": "AK", "proj:config:instanceId": "i", "aws:config:region": "eu" });
        expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["dcs:secretKey"]);
    });
});
