#!/usr/bin/env bash
# Chooses the Pulumi CLI the demo, the e2e suite and the benchmarks drive, and prints the exports
# for `eval`: PATH (the CLI's directory first, so its own language host and provider launchers are
# found) and DCS_JOBS_PULUMI_BIN (the CLI itself).
#
#   DCS_JOBS_PULUMI=auto    (default) a `pulumi` already on PATH, with its own language host;
#                           when there is none, the build from Go modules (scripts/install-pulumi-cli.sh)
#   DCS_JOBS_PULUMI=build   always the build from Go modules, in .tools/bin
#   DCS_JOBS_PULUMI=<path>  that pulumi binary
#
# Which one was chosen, and its version, goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
BUILT="$ROOT/.tools/bin/pulumi"
log() { echo "[pulumi-cli] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

use() {
  local bin="$1" how="$2" version
  version="$("$bin" version 2>/dev/null)" || die "$bin does not run ('$bin version' failed)"
  log "using $bin ($version, $how)"
  echo "export PATH=\"$(dirname "$bin"):\$PATH\""
  echo "export DCS_JOBS_PULUMI_BIN=\"$bin\""
}

build() {
  # install-pulumi-cli.sh prints the PATH export; the CLI is then .tools/bin/pulumi.
  bash "$ROOT/scripts/install-pulumi-cli.sh" >/dev/null
  use "$BUILT" "built from Go modules"
}

choice="${DCS_JOBS_PULUMI:-auto}"
case "$choice" in
  auto)
    found="$(command -v pulumi 2>/dev/null || true)"
    # Our own build on PATH (from an earlier eval) is not "the user's pulumi".
    if [[ -n "$found" && "$(cd "$(dirname "$found")" && pwd -P)/pulumi" != "$BUILT" ]]; then
      use "$found" "found on PATH"
    else
      build
    fi
    ;;
  build) build ;;
  */*)
    [[ -f "$choice" && -x "$choice" ]] || die "DCS_JOBS_PULUMI=$choice is not an executable file"
    use "$(cd "$(dirname "$choice")" && pwd -P)/$(basename "$choice")" "from DCS_JOBS_PULUMI"
    ;;
  *) die "DCS_JOBS_PULUMI must be auto, build or a path to a pulumi binary, got '$choice'" ;;
esac
