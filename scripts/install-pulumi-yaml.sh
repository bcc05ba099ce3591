#!/usr/bin/env bash
# Builds Pulumi YAML's language host (pulumi-language-yaml, pinned in tools/pulumi-yaml/go.mod) from
# Go modules into .tools/yaml/, once, and prints that directory for PATH. Release downloads are not
# reachable here; the Go module proxy serves github.com/pulumi/pulumi-yaml. Rebuilds only when the
# module files change. Cold: about 2-3 min on 2 cores (its own pkg/v3, v3.206.0); warm: seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MOD_DIR="$ROOT/tools/pulumi-yaml"
OUT_DIR="$ROOT/.tools/yaml"
BIN="$OUT_DIR/pulumi-language-yaml"
STAMP="$OUT_DIR/.stamp"
log() { echo "[install-pulumi-yaml] $*" >&2; }

fingerprint="$(cd "$MOD_DIR" && cat go.mod go.sum | sha256sum | cut -d' ' -f1)"
if [[ -x "$BIN" && "$(cat "$STAMP" 2>/dev/null || true)" == "$fingerprint" ]]; then
  echo "$OUT_DIR"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "ERROR: 'go' is not on PATH (Go >= 1.26 builds pulumi-language-yaml)"; exit 1; }
mkdir -p "$OUT_DIR"
started=$SECONDS
log "building pulumi-language-yaml $(grep -o 'pulumi-yaml v[0-9.]*' "$MOD_DIR/go.mod" | cut -d' ' -f2) with $(go version | cut -d' ' -f3)"
(cd "$MOD_DIR" && go build -mod=readonly -trimpath -buildvcs=false -o "$BIN.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
mv -f "$BIN.tmp" "$BIN"
echo "$fingerprint" > "$STAMP"
log "built in $(( SECONDS - started )) s"
echo "$OUT_DIR"
