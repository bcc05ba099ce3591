// The test tiers, in one place: `npm run test:unit` runs the fast tier in parallel workers; `npm test`
// runs it the same way, then the slow tier in one process (the provider host over gRPC, the real
// Pulumi CLI, npm pack, SIGKILL trials and the Python SDK: timing-sensitive, or heavy on 2 cores).
const { globSync } = require("glob");

const ALL = ["provider/**/*.test.ts", "simulator/**/*.test.ts", "tools/**/*.test.ts", "test/**/*.test.ts"];

// Longest first, so that no long file starts last and stretches the parallel run.
const LONGEST = [
    "test/runtime-resend.test.ts",
    "test/reliability/fault-matrix.test.ts",
    "test/reliability/sync-swap.test.ts",
    "test/runtime-recovery.test.ts",
    "test/client.test.ts",
    "test/runtime.test.ts",
];

const SLOW = [
    "test/cli.test.ts",
    "test/package.test.ts",
    "test/reliability/interruption.test.ts",
    "test/reliability/python-sdk/**",
    "test/provider-host/**",
    "test/e2e/**",
];

function fastSpec() {
    const fast = globSync(ALL, { ignore: SLOW }).sort();
    return [...LONGEST, ...fast.filter((file) => !LONGEST.includes(file))];
}

function slowSpec() {
    return globSync(SLOW.map((pattern) => (pattern.endsWith("/**") ? `${pattern}/*.test.ts` : pattern))).sort();
}

module.exports = { ALL, LONGEST, SLOW, fastSpec, slowSpec };
