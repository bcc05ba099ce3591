#!/usr/bin/env bash
# Builds tools/sdk-gen (Pulumi's schema binder and SDK generators, from Go modules) into
# .tools/bin/sdk-gen when missing or when its sources changed, and prints the binary's path.
# Cold (empty Go caches): minutes, like the CLI build; warm: seconds. Requires go (>= 1.26).
#
# Usage: bash scripts/sdk-gen.sh   (then run the printed path: sdk-gen <schema.json> [<out> <language>…])
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MOD_DIR="$ROOT/tools/sdk-gen"
BIN="$ROOT/.tools/bin/sdk-gen"
STAMP="$BIN.stamp"
log() { echo "[sdk-gen] $*" >&2; }

fingerprint="$(cd "$MOD_DIR" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)"
if [[ -x "$BIN" && "$(cat "$STAMP" 2>/dev/null || true)" == "$fingerprint" ]]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "ERROR: 'go' is not on PATH (Go >= 1.26 builds tools/sdk-gen)"; exit 1; }
mkdir -p "$(dirname "$BIN")"
started=$SECONDS
log "building tools/sdk-gen with $(go version | cut -d' ' -f3)"
# -mod=readonly: go.sum is complete; a build never rewrites the committed module files.
(cd "$MOD_DIR" && go build -mod=readonly -trimpath -buildvcs=false -o "$BIN.tmp" .)
mv -f "$BIN.tmp" "$BIN"
echo "$fingerprint" > "$STAMP"
log "built in $(( SECONDS - started )) s"
echo "$BIN"
