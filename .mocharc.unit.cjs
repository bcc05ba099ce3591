// `npm run test:unit`: the unit tier (every test outside test/provider-host, test/system and
// test/e2e; see test/support/tiers.cjs) in parallel workers. No Pulumi CLI, Go or Python needed.
const { unitSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: unitSpec(), parallel: true, jobs: 6 };
