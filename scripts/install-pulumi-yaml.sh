#!/usr/bin/env bash
# Builds Pulumi YAML's language host (pulumi-language-yaml, pinned in tools/pulumi-yaml/go.mod) from
# Go modules into .tools/yaml/, once, and prints that directory for PATH. Release downloads are not
# reachable here; the Go module proxy serves github.com/pulumi/pulumi-yaml. Rebuilds only when the
# module files change. Cold: about 2-3 min on 2 cores (its own pkg/v3, v3.206.0); warm: seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
source "$ROOT/scripts/lib/go-tool.sh"
go_tool install-pulumi-yaml "$ROOT/tools/pulumi-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$ROOT/.tools/yaml/pulumi-language-yaml"
echo "$ROOT/.tools/yaml"
