// What `npm run test:all` runs after `npm test`, in one process: the system tier (real processes)
// and every e2e suite but the smoke test (see test/support/tiers.cjs).
const { restSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: restSpec() };
