// `npm run test:unit`: the fast tiers (colocated unit tests, and every test that drives the
// in-process simulator) in parallel workers. Left to `npm test`: the built CLI as a child process,
// npm pack, the choice of Pulumi CLI (it needs the build), the provider host over gRPC, the real Pulumi CLI (e2e), SIGKILL trials, the Python SDK.
const { globSync } = require("glob");

// Longest first, so that no long file starts last and stretches the run.
const LONGEST = [
    "test/runtime-resend.test.ts",
    "test/reliability/fault-matrix.test.ts",
    "test/reliability/sync-swap.test.ts",
    "test/runtime-recovery.test.ts",
    "test/client.test.ts",
    "test/runtime.test.ts",
];
const SLOW_TIERS = [
    "test/cli.test.ts",
    "test/package.test.ts",
    "test/reliability/interruption.test.ts",
    "test/reliability/python-sdk/**",
    "test/provider-host/**",
    "test/e2e/**",
];

const fast = globSync(["provider/**/*.test.ts", "simulator/**/*.test.ts", "tools/**/*.test.ts", "test/**/*.test.ts"], { ignore: SLOW_TIERS }).sort();
const spec = [...LONGEST, ...fast.filter((file) => !LONGEST.includes(file))];

module.exports = { ...require("./.mocharc.json"), spec, parallel: true, jobs: 6 };
