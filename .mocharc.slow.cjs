// The slow tier, in one process (see test/support/tiers.cjs): `npm test` runs it after the fast tier.
const { slowSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: slowSpec() };
