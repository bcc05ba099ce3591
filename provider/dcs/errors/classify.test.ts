import { expect } from "chai";
import { classifyError, normaliseErrorCode } from "./classify";

describe("classifyError", () => {
    const cases: [number, string | undefined, string][] = [
        [429, "APIG.0308", "throttled"],
        [429, "APIGW.0308", "throttled"],
        [429, undefined, "throttled"],
        [504, "APIG.0201", "transient"],
        [502, "APIGW.0201", "transient"],
        [400, "APIG.0201", "permanent"],
        [401, "APIG.0301", "auth"],
        [401, "APIGW.0307", "auth"],
        [403, "DCS.2003", "auth"],
        [404, "APIG.0101", "not-found"],
        [404, "DCS.3022", "not-found"],
        [404, "111404022", "not-found"],
        [400, "DCS.4049", "busy"],
        [400, "DCS.4026", "busy"],
        [400, "111400026", "busy"],
        [500, "DCS.4069", "busy"],
        [400, "CBC.99003651", "busy"],
        [400, "DCS.4855", "permanent"],
        [400, "DCS. 4855", "permanent"],
        [400, "111400063", "permanent"],
        [500, "DCS.5000", "transient"],
        // Every 5xx may come from a backend that acted: a trigger answered so is ambiguous, never "permanent".
        [501, undefined, "transient"],
        [507, undefined, "transient"],
        [524, undefined, "transient"],
        [418, undefined, "permanent"],
    ];
    for (const [status, code, expected] of cases) {
        it(`HTTP ${status} ${code ?? "(no code)"} → ${expected}`, () => {
            expect(classifyError(status, code)).to.equal(expected);
        });
    }

    it("normalises the two gateway prefixes and the spaced DCS codes", () => {
        expect(normaliseErrorCode("APIGW.0308")).to.equal("APIG.0308");
        expect(normaliseErrorCode("DCS. 5094")).to.equal("DCS.5094");
    });
});
