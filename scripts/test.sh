#!/usr/bin/env bash
# `npm test`: works on a fresh clone. Installs npm dependencies when missing, builds, type-checks,
# chooses the Pulumi CLI the end-to-end tests drive (scripts/pulumi-cli.sh: one on PATH, else the
# build from Go modules in .tools/bin), then runs
# every mocha suite: unit, simulator, runtime, provider host over gRPC, CLI, e2e, reliability.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
[[ -d node_modules/@pulumi/pulumi ]] || npm ci --no-audit --no-fund
npm run --silent build
npm run --silent typecheck
eval "$(bash scripts/pulumi-cli.sh)"
exec npx mocha 'provider/**/*.test.ts' 'simulator/**/*.test.ts' 'tools/**/*.test.ts' 'test/**/*.test.ts' "$@"
