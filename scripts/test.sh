#!/usr/bin/env bash
# `npm test`, the README's test command: works on a fresh clone. Installs npm dependencies when
# missing, builds, type-checks, chooses the Pulumi CLI (scripts/pulumi-cli.sh: one on PATH, else the
# build from Go modules in .tools/bin, built on first use and cached), then runs the unit tier in
# parallel workers, then the provider host over gRPC and the real-CLI smoke test. The tiers are
# folders (test/support/tiers.cjs); `npm run test:all` runs everything else as well.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
[[ -d node_modules/@pulumi/pulumi ]] || npm ci --no-audit --no-fund
npm run --silent build
npm run --silent typecheck
started=$SECONDS
eval "$(bash scripts/pulumi-cli.sh)"
(( SECONDS - started > 5 )) && echo "== the Pulumi CLI took $(( SECONDS - started )) s to build (once; cached in .tools/bin)"
# With arguments (a file, --grep …): one mocha run over every test, as before.
if [[ $# -gt 0 ]]; then
  exec npx mocha 'provider/**/*.test.ts' 'simulator/**/*.test.ts' 'tools/**/*.test.ts' 'test/**/*.test.ts' "$@"
fi
# Both run, and the exit code says whether both passed; each says how long it took.
status=0
phase=$SECONDS
npx mocha --config .mocharc.unit.cjs || status=$?
echo "== unit tier: $(( SECONDS - phase )) s"
phase=$SECONDS
npx mocha --config .mocharc.test.cjs || status=$?
echo "== provider host and CLI smoke test: $(( SECONDS - phase )) s; npm test in all: $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
exit "$status"
