// What `npm run test:all` runs after `npm test`: the system tier (real processes) and every e2e
// suite but the smoke test (see test/support/tiers.cjs), in parallel workers, longest files first.
// Most of their time is waiting (jobs of seconds, graces, the CLI's own start-up): three workers on
// 2 cores measured 13 min 18 s against 25 min 22 s one file at a time. Each suite has its own simulator,
// Pulumi backend and PULUMI_HOME; scripts/test-all.sh packs the package once (DCS_JOBS_TARBALL).
const { restSpec } = require("./test/support/tiers.cjs");

module.exports = { ...require("./.mocharc.json"), spec: restSpec(), parallel: true, jobs: Number(process.env.DCS_JOBS_TEST_WORKERS ?? 3) };
