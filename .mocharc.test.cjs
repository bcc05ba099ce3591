// What `npm test` runs after the unit tier, in one process: the provider host over gRPC and the
// real-CLI smoke test (see test/support/tiers.cjs).
const { testSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: testSpec() };
