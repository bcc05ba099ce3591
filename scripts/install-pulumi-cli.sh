#!/usr/bin/env bash
# Build the Pulumi CLI (`pulumi`) from Go modules into <repo>/.tools/bin, and put launchers next to
# it: our test language host for Node.js, Python and Go programs (`pulumi-language-nodejs`,
# `pulumi-language-python`, `pulumi-language-go`: tools/language-host) and the dynamic-provider
# launcher (`pulumi-resource-pulumi-nodejs`, from node_modules/@pulumi/pulumi).
#
# Release downloads of Pulumi are not reachable here; the Go module proxy is, and the wrapper module
# tools/pulumi-cli pins pkg/v3 + sdk/v3. The proxy refuses Pulumi's own language-host modules (Node,
# Python, Go), so tools/language-host implements the part of that gRPC service `pulumi up` needs.
#
# Idempotent: rebuilds only when a binary is missing or the recorded fingerprint (version + wrapper
# module files) differs. GOMODCACHE/GOCACHE keep their defaults unless already set, so a second run
# on the same machine is fast. Requires: go (>= 1.26), node_modules installed (npm install / ci).
#
# Usage: scripts/install-pulumi-cli.sh [--force]
#   then: export PATH="<repo>/.tools/bin:$PATH"
set -euo pipefail

PULUMI_VERSION="v3.274.1"

start_ns=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - start_ns) / 1000000 )) ms"; }
log() { echo "[install-pulumi-cli] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MOD_DIR="$ROOT/tools/pulumi-cli"
BIN_DIR="$ROOT/.tools/bin"
STAMP="$BIN_DIR/.pulumi-cli.stamp"
LAUNCHER_SRC="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

force=0
case "${1:-}" in
  --force) force=1 ;;
  "") ;;
  *) die "unknown argument: $1 (usage: $0 [--force])" ;;
esac

# 1. The launcher comes from the npm package: check it before spending minutes on a build.
[[ -d "$ROOT/node_modules" ]] ||
  die "$ROOT/node_modules is missing: run 'npm ci' (or 'npm install') at the repo root first."
[[ -f "$LAUNCHER_SRC" ]] ||
  die "$LAUNCHER_SRC not found: @pulumi/pulumi is not installed; run 'npm ci' at the repo root first."
[[ -f "$MOD_DIR/go.mod" && -f "$MOD_DIR/go.sum" ]] || die "wrapper module $MOD_DIR (go.mod/go.sum) is missing."
grep -Eq "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION( |$)" "$MOD_DIR/go.mod" ||
  die "$MOD_DIR/go.mod does not require github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION; keep PULUMI_VERSION in this script and go.mod in step."

mkdir -p "$BIN_DIR"

# 2. Fingerprint = version + content of the wrapper module (go.mod, go.sum).
fingerprint="$PULUMI_VERSION $(cd "$MOD_DIR" && cat go.mod go.sum | sha256sum | cut -d' ' -f1)"

need_build=$force
[[ -x "$BIN_DIR/pulumi" ]] || need_build=1
if [[ $need_build -eq 0 ]] && [[ "$(cat "$STAMP" 2>/dev/null || true)" != "$fingerprint" ]]; then
  need_build=1
fi

if [[ $need_build -eq 1 ]]; then
  command -v go >/dev/null 2>&1 || die "'go' is not on PATH (Go >= 1.26 is needed to build the Pulumi CLI)."
  log "building pulumi $PULUMI_VERSION with $(go version | cut -d' ' -f3)"
  log "GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) (cold: ~270 MB download -> 1.4 GB module cache + 1.8 GB build cache, ~7 min on 2 cores; warm: ~15 s)"
  tmp_out="$(mktemp -d "$BIN_DIR/.build.XXXXXX")"
  trap 'rm -rf "$tmp_out"' EXIT
  build_start=$(date +%s)
  # -mod=readonly: go.sum is complete, never rewrite the committed module files during a build.
  (cd "$MOD_DIR" && go build -mod=readonly -trimpath -buildvcs=false \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$tmp_out/" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  got="$("$tmp_out/pulumi" version)"
  [[ "$got" == "$PULUMI_VERSION" ]] || die "built pulumi reports version '$got', expected $PULUMI_VERSION"
  mv -f "$tmp_out/pulumi" "$BIN_DIR/"
  rm -rf "$tmp_out"
  trap - EXIT
  echo "$fingerprint" > "$STAMP"
  log "built in $(( $(date +%s) - build_start )) s"
else
  log "pulumi $PULUMI_VERSION already built (fingerprint matches)"
fi

# 3. Dynamic-provider launcher: a small sh script shipped in @pulumi/pulumi; it resolves
#    @pulumi/pulumi/cmd/dynamic-provider from the program's directory, so a copy works anywhere.
if ! cmp -s "$LAUNCHER_SRC" "$BIN_DIR/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
  cp -f "$LAUNCHER_SRC" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
  chmod 0755 "$BIN_DIR/pulumi-resource-pulumi-nodejs"
  log "installed pulumi-resource-pulumi-nodejs launcher from node_modules/@pulumi/pulumi"
fi

# 4. Language host launchers, one per runtime: run tools/language-host (compiled into dist/ by
#    `npm run build`) with `--runtime`. Rewritten each time, so an older launcher never lingers.
HOST_JS="$ROOT/dist/tools/language-host/index.js"
if [[ ! -f "$HOST_JS" || ! -f "$ROOT/dist/tools/language-host/runners/go.js" ]]; then
  log "compiling the language host (npm run build)"
  (cd "$ROOT" && npm run --silent build >&2)
fi
for runtime in nodejs python go; do
  rm -f "$BIN_DIR/pulumi-language-$runtime"
  printf '#!/bin/sh\nexec node "%s" --runtime %s "$@"\n' "$HOST_JS" "$runtime" > "$BIN_DIR/pulumi-language-$runtime"
  chmod 0755 "$BIN_DIR/pulumi-language-$runtime"
done

log "done in $(elapsed)"
echo "export PATH=$BIN_DIR:\$PATH"
