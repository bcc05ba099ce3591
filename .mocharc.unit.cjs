// `npm run test:unit`: the fast tier (colocated unit tests, and every test that drives the in-process
// simulator) in parallel workers. The slow tier is `.mocharc.slow.cjs`; the lists are in test/support/tiers.cjs.
const { fastSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: fastSpec(), parallel: true, jobs: 6 };
