#!/usr/bin/env bash
# `npm run test:all`: everything. `npm test` (the unit tier, the provider host, the CLI smoke test),
# then the rest in parallel workers (test/system: the dcs-jobs CLI, npm pack, SIGKILL trials, the
# Python SDK; every other e2e suite), then the tested matrix's other ends: the provider host at the
# @pulumi/pulumi peer floor, and the provider host plus the SDK-facing e2e suites on Node 22 with the
# newest @pulumi/pulumi (parallel workers); where a `pulumi` is on PATH, the e2e suites once more
# with the Go build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
status=0
bash scripts/test.sh || status=$?
eval "$(bash scripts/pulumi-cli.sh)"
# One tarball for every suite (scripts/test.sh has just built dist/): parallel workers must not each
# run `npm pack`, whose `prepare` rewrites dist/ while another worker packs it.
pack_dir="$(mktemp -d)"
trap 'rm -rf "$pack_dir"' EXIT
DCS_JOBS_TARBALL="$pack_dir/$(npm pack --ignore-scripts --silent --pack-destination "$pack_dir" | tail -n 1)"
export DCS_JOBS_TARBALL
# The provider plugin's release tarball, likewise once (the Node 22 leg bundles its own SDK).
DCS_JOBS_PLUGIN_RELEASE="$(bash scripts/plugin-release.sh "$DCS_JOBS_TARBALL" "$pack_dir")"
export DCS_JOBS_PLUGIN_RELEASE
echo "== the rest: system tier and the other e2e suites (parallel workers)"
phase=$SECONDS
npx mocha --config .mocharc.rest.cjs || status=$?
echo "== the rest: $(( (SECONDS - phase) / 60 )) min $(( (SECONDS - phase) % 60 )) s"
echo "== provider-host contract tests at the @pulumi/pulumi peer floor (3.139.0)"
PULUMI_SDK_VERSION=3.139.0 npx mocha 'test/provider-host/**/*.test.ts' || status=$?
echo "== provider host and e2e again on Node 22 with the newest @pulumi/pulumi (parallel workers)"
newest="$(npm view @pulumi/pulumi version)"
(
    eval "$(bash scripts/install-node22.sh)"
    echo "node $(node --version), @pulumi/pulumi $newest"
    DCS_JOBS_PLUGIN_RELEASE="$(PULUMI_SDK_VERSION="$newest" bash scripts/plugin-release.sh "$DCS_JOBS_TARBALL" "$pack_dir/node22")"
    # What the SDK touches: the provider host's protocol, serialization and output presence (the drift
    # gate), the engine's Log RPC (counted warnings), an adopter's install, the CLI basics, and the
    # provider plugin (the SDK's provider server) under a YAML program. The
    # provider's own exactly-once logic is SDK-independent: the Node 20 run above covers it.
    PULUMI_SDK_VERSION="$newest" npx mocha --parallel --jobs 3 test/e2e/pulumi-cli.test.ts test/e2e/drift-gate.test.ts \
        test/e2e/adopter.test.ts test/e2e/preview-warnings.test.ts test/e2e/plugin-languages/yaml-kinds.test.ts 'test/provider-host/**/*.test.ts'
) || status=$?
if [[ "$(command -v pulumi || true)" != "$ROOT/.tools/bin/pulumi" ]] && command -v pulumi >/dev/null 2>&1; then
    echo "== e2e again with the Pulumi CLI built from Go modules (the run above used $(command -v pulumi))"
    (eval "$(DCS_JOBS_PULUMI=build bash scripts/pulumi-cli.sh)" && npx mocha 'test/e2e/**/*.test.ts') || status=$?
fi
echo "== npm run test:all in all: $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
exit "$status"
