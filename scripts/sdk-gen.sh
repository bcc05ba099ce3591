#!/usr/bin/env bash
# Builds tools/sdk-gen (Pulumi's schema binder and SDK generators, from Go modules) into
# .tools/bin/sdk-gen when missing or when its sources changed, and prints the binary's path.
# Cold (empty Go caches): minutes, like the CLI build; warm: seconds. Requires go (>= 1.26).
#
# Usage: bash scripts/sdk-gen.sh   (then run the printed path: sdk-gen <schema.json> [<out> <language>…])
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
source "$ROOT/scripts/lib/go-tool.sh"
go_tool sdk-gen "$ROOT/tools/sdk-gen" . "$ROOT/.tools/bin/sdk-gen"
echo "$ROOT/.tools/bin/sdk-gen"
