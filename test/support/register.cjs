// Mocha's TypeScript loader for every tier, and for the child processes tests start from sources:
// ts-node with SWC as its transpiler (no type check here; `npm run typecheck` and `npm run lint`
// check types). On 2 cores the unit tier took 47 s (84 s of CPU) with TypeScript's own transpiler
// and takes 35 s (48 s of CPU) with SWC. What users run is dist/, compiled by tsc: the provider-host
// and e2e suites test that.
require("ts-node").register({ swc: true });
