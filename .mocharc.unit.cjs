// `npm run test:unit`: the unit tier (every test outside test/provider-host, test/system and
// test/e2e; see test/support/tiers.cjs) in parallel workers, two per core (on 2 cores, 4 workers beat
// 6 and 8 by 2-6 s). No Pulumi CLI, Go or Python needed.
const { cpus } = require("os");
const { unitSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: unitSpec(), parallel: true, jobs: Math.max(2, cpus().length * 2) };
