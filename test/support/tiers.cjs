// The test tiers, by folder (no file lists):
//   unit    every *.test.ts outside the three folders below: colocated unit tests, the in-process
//           simulator, the runtime, the model check. No Pulumi CLI, no Go, no Python; loopback only.
//   host    test/provider-host/: the real dynamic-provider host over gRPC.
//   system  test/system/: real processes: the dcs-jobs CLI, npm pack, scripts, SIGKILL trials, the
//           official Python SDK.
//   e2e     test/e2e/: the real Pulumi CLI. `npm test` runs its smoke file; `npm run test:all` all.
// `npm run test:unit` runs unit in parallel workers; `npm test` runs unit, then host and the e2e
// smoke in one process; `npm run test:all` runs `npm test`, then the rest (system and the other e2e
// suites), then the provider host at the SDK's peer floor and the Node 22 leg (scripts/test-all.sh).
const { globSync } = require("glob");

const ALL = ["provider/**/*.test.ts", "simulator/**/*.test.ts", "tools/**/*.test.ts", "test/**/*.test.ts"];
const HOST = "test/provider-host/**/*.test.ts";
const SYSTEM = "test/system/**/*.test.ts";
const E2E = "test/e2e/**/*.test.ts";
const E2E_SMOKE = "test/e2e/smoke.test.ts";

// Scheduling only (not a tier): the longest files start first, so that none starts last and
// stretches the parallel run.
const LONGEST = [
    "test/reliability/fault-matrix.test.ts",
    "test/runtime-premises.test.ts",
    "test/reliability/exactly-once-chaos.test.ts",
    "test/runtime-recovery.test.ts",
];

// The rest's longest files (measured serially on 2 cores: the SIGKILL trials ~8.5 min, then the
// e2e suites of 1.5-4 min each).
const REST_LONGEST = [
    "test/system/interruption.test.ts",
    "test/e2e/premises.test.ts",
    "test/e2e/pulumi-cli.test.ts",
    "test/e2e/rolling-swap.test.ts",
    "test/e2e/dcs-job-recovery.test.ts",
    "test/e2e/adopter.test.ts",
    "test/e2e/upgrade-from-0.1.test.ts",
    "test/e2e/plugin-languages/yaml.test.ts",
    "test/e2e/plugin-languages/python.test.ts",
    "test/e2e/plugin-languages/examples.test.ts",
];

const files = (patterns) => globSync(patterns).sort();
const longestFirst = (longest, spec) => [...longest.filter((file) => spec.includes(file)), ...spec.filter((file) => !longest.includes(file))];

function unitSpec() {
    return longestFirst(LONGEST, globSync(ALL, { ignore: [HOST, SYSTEM, E2E] }).sort());
}

/** What `npm test` runs after the unit tier: the provider host, and one real-CLI smoke file. */
function testSpec() {
    return [...files(HOST), E2E_SMOKE];
}

/** What `npm run test:all` runs after `npm test`: the system tier and every other e2e suite. */
function restSpec() {
    return longestFirst(REST_LONGEST, [...files(SYSTEM), ...files(E2E).filter((file) => file !== E2E_SMOKE)]);
}

module.exports = { ALL, HOST, SYSTEM, E2E, E2E_SMOKE, unitSpec, testSpec, restSpec };
