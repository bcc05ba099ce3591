import { expect } from "chai";
import { KINDS } from ".";

describe("resource kind definitions", () => {
    // The shim sends the registry key; messages and Pulumi's type name use `kind`: they must agree.
    for (const [name, definition] of Object.entries(KINDS)) {
        it(`${name} is registered under its own name`, () => expect(definition.kind).to.equal(name));
    }
});
