#!/usr/bin/env bash
# `npm test`: works on a fresh clone. Installs npm dependencies when missing, builds, type-checks,
# chooses the Pulumi CLI the end-to-end tests drive (scripts/pulumi-cli.sh: one on PATH, else the
# build from Go modules in .tools/bin), then runs every mocha suite: the fast tier (unit, simulator,
# runtime, reliability) in parallel workers, then the slow tier (provider host over gRPC, CLI, e2e).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
[[ -d node_modules/@pulumi/pulumi ]] || npm ci --no-audit --no-fund
npm run --silent build
npm run --silent typecheck
eval "$(bash scripts/pulumi-cli.sh)"
# With arguments (a file, --grep …): one mocha run over everything, as before.
if [[ $# -gt 0 ]]; then
  exec npx mocha 'provider/**/*.test.ts' 'simulator/**/*.test.ts' 'tools/**/*.test.ts' 'test/**/*.test.ts' "$@"
fi
# The fast tier in parallel workers (npm run test:unit), then the slow tier in one process; the
# lists are in test/support/tiers.cjs. Both run, and the exit code says whether both passed.
status=0
npx mocha --config .mocharc.unit.cjs || status=$?
npx mocha --config .mocharc.slow.cjs || status=$?
exit "$status"
