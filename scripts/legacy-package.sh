#!/usr/bin/env bash
# Rebuilds test/legacy/pulumi-dcs-jobs-0.1.0.tgz: the package exactly as 0.1.0 shipped it
# (commit 1684fae, the last one of the 2026-11-28 release), packed by `npm pack` from that commit's
# own lockfile. The upgrade e2e (test/e2e/upgrade-from-0.1.test.ts) runs it through the real CLI to
# write real 0.1.0 state. The tarball is committed so that a shallow clone can run the test too.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
COMMIT=1684faefa631290f3b640c13b6f60c340d910c36
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$ROOT" archive "$COMMIT" | tar -x -C "$work"
(cd "$work" && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts >/dev/null && npm run build >/dev/null && npm pack --silent >/dev/null)
cp "$work/pulumi-dcs-jobs-0.1.0.tgz" "$ROOT/test/legacy/"
echo "test/legacy/pulumi-dcs-jobs-0.1.0.tgz from $COMMIT" >&2
