#!/usr/bin/env bash
# Regenerates the committed SDKs in sdk/ from provider/plugin/schema.json with Pulumi's own code
# generators (tools/sdk-gen): sdk/python (the `pulumi_dcs` package) and sdk/go/dcs (the Go package of
# the module in sdk/go.mod, which is kept). Run it after `npm run schema`; the schema test checks that
# the committed SDKs are what this makes of the committed schema.
#
#   bash scripts/generate-sdks.sh [<out dir>]   (default: sdk/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="${1:-$ROOT/sdk}"
sdk_gen="$(bash "$ROOT/scripts/sdk-gen.sh")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$sdk_gen" "$ROOT/provider/plugin/schema.json" "$tmp" python go >&2
mkdir -p "$out/go"
rm -rf "$out/python" "$out/go/dcs"
mv "$tmp/python" "$out/python"
mv "$tmp/go/dcs" "$out/go/dcs"
echo "$out"
