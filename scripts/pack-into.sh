#!/usr/bin/env bash
# Packs this package (`npm pack`, which rebuilds dist/ through `prepare`) to .tools/pack/pulumi-dcs-jobs.tgz and installs
# it into the example project given, as a user gets it: a real copy, never a symlink.
#   bash scripts/pack-into.sh examples/quickstart
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
example="${1:?usage: pack-into.sh <example dir>}"
cd "$ROOT"
mkdir -p .tools/pack
tgz="$(npm pack --silent --pack-destination .tools/pack | tail -n 1)"
mv -f ".tools/pack/$tgz" .tools/pack/pulumi-dcs-jobs.tgz
# Without the old lock file and copy, npm would reinstall the previous tarball from its cache.
rm -rf "$example/node_modules/pulumi-dcs-jobs" "$example/package-lock.json"
(cd "$example" && npm install --no-audit --no-fund --prefer-offline --loglevel=error)
