#!/usr/bin/env bash
# Builds the `dcs` provider plugin's release tarball, the file a Python, Go or YAML user installs with
#   pulumi plugin install resource dcs <version> --file pulumi-resource-dcs-v<version>.tar.gz
# and what CI would publish. Layout (unpacked into ~/.pulumi/plugins/resource-dcs-v<version>/):
#   pulumi-resource-dcs   a launcher: Node.js (>= 20, on PATH) runs the package's plugin entry point
#   package.json          the package and @pulumi/pulumi, pinned
#   node_modules/         their production dependencies, no dev ones
# There is no PulumiPlugin.yaml in it on purpose: with one, the engine would run the plugin through
# the Node.js language host instead of executing the launcher.
#
#   bash scripts/plugin-release.sh [<package tarball> [<out dir>]]
# (defaults: npm pack of this checkout; dist/release) prints the release tarball's path,
# <out dir>/pulumi-resource-dcs-v<version>.tar.gz. PULUMI_SDK_VERSION picks the @pulumi/pulumi it
# bundles (default: this checkout's).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
log() { echo "[plugin-release] $*" >&2; }
cd "$ROOT"

version="$(node -p 'require("./package.json").version')"
pulumi_version="${PULUMI_SDK_VERSION:-$(node -p 'require("@pulumi/pulumi/package.json").version')}"
package="${1:-}"
if [[ -z "$package" ]]; then
  mkdir -p .tools/pack
  package=".tools/pack/$(npm pack --silent --pack-destination .tools/pack | tail -n 1)"
fi
package="$(cd "$(dirname "$package")" && pwd -P)/$(basename "$package")"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cat > "$stage/package.json" <<JSON
{ "name": "pulumi-resource-dcs", "version": "$version", "private": true, "license": "Apache-2.0" }
JSON
(cd "$stage" && npm install --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error --save-exact "$package" "@pulumi/pulumi@$pulumi_version" >&2)
cat > "$stage/pulumi-resource-dcs" <<'SH'
#!/bin/sh
# The dcs provider plugin (pulumi-dcs-jobs): Node.js runs its entry point from this directory.
dir=$(cd "$(dirname "$0")" && pwd -P)
exec node "$dir/node_modules/pulumi-dcs-jobs/dist/provider/plugin/main.js" "$@"
SH
chmod 0755 "$stage/pulumi-resource-dcs"

out_dir="${2:-dist/release}"
mkdir -p "$out_dir"
out="$(cd "$out_dir" && pwd -P)/pulumi-resource-dcs-v$version.tar.gz"
tar -czf "$out" -C "$stage" pulumi-resource-dcs package.json node_modules
log "$out ($(du -h "$out" | cut -f1), @pulumi/pulumi $pulumi_version)"
echo "$out"
