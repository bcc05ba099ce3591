#!/usr/bin/env bash
# One-command demo of the quickstarts in other Pulumi languages: `pulumi up` of
# examples/<lang>-quickstart through the `dcs` provider plugin, against the DCS simulator.
#   bash scripts/plugin-demo.sh yaml|python|go        one switchover that succeeds
#   bash scripts/plugin-demo.sh yaml|python|go fail   one switchover whose job FAILs: `pulumi up` exits
#                                                     non-zero with the fail_reason (and this script 0)
# Installs what is missing: npm deps; the Pulumi CLI build when no `pulumi` is on PATH
# (scripts/pulumi-cli.sh, which also writes the test language hosts for Python and Go); Pulumi YAML's
# language host when the CLI has none beside it (scripts/install-pulumi-yaml.sh); a Python venv.
# Builds the plugin's release tarball (scripts/plugin-release.sh) and installs it as a user does,
# `pulumi plugin install resource dcs <version> --file <tarball>`, into a private PULUMI_HOME.
#
# Everything a run writes is under .tools/plugin-demo/<lang>/ (gitignored, like all of .tools/): the
# file backend, PULUMI_HOME, the stack's config file (`stack init` writes it beside a copy of
# Pulumi.yaml; every later command gets it with --config-file), the journal, the simulator's log.
# YAML and Go run in the example's directory itself (-C), which is left as it is; Python runs from a
# copy of it there, beside its venv (Pulumi.yaml: `virtualenv: venv`), which later runs reuse while
# requirements.txt and sdk/python are unchanged.
#
#   DCS_JOBS_PLUGIN_RELEASE=<tarball>  use this release tarball (built from this checkout) and do not
#                                      rebuild dist/: scripts/test-all.sh sets it, since its parallel
#                                      test workers read dist/ while they run
#   DCS_JOBS_PULUMI, PYTHON            the Pulumi CLI (scripts/pulumi-cli.sh) and the Python for the venv
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
[[ -z "${DCS_JOBS_PLUGIN_RELEASE:-}" || "$DCS_JOBS_PLUGIN_RELEASE" == /* ]] || DCS_JOBS_PLUGIN_RELEASE="$PWD/$DCS_JOBS_PLUGIN_RELEASE"
cd "$ROOT"
usage() { echo "usage: bash scripts/plugin-demo.sh <yaml|python|go> [fail]" >&2; exit 2; }
lang="${1:-}"
mode="${2:-ok}"
case "$lang" in yaml | python | go) ;; *) usage ;; esac
case "$mode" in ok | fail) ;; *) usage ;; esac
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$SECONDS

example="$ROOT/examples/$lang-quickstart"
work="$ROOT/.tools/plugin-demo/$lang"
stack="plugin-demo"
version="$(node -p 'require("./package.json").version')"

[[ -d node_modules/@pulumi/pulumi ]] || { say "installing npm dependencies"; npm ci --no-audit --no-fund; }
# A fresh stack every time; the Python venv (and the program copy beside it) is kept.
rm -rf "$work/state" "$work/home" "$work/journal" "$work/project"
mkdir -p "$work/state" "$work/home" "$work/project"

if [[ -n "${DCS_JOBS_PLUGIN_RELEASE:-}" ]]; then
  [[ -f "$DCS_JOBS_PLUGIN_RELEASE" ]] || { echo "DCS_JOBS_PLUGIN_RELEASE=$DCS_JOBS_PLUGIN_RELEASE does not exist" >&2; exit 1; }
  [[ -f dist/simulator/cli.js ]] || { echo "dist/ is not built (npm run build)" >&2; exit 1; }
  release="$DCS_JOBS_PLUGIN_RELEASE"
  say "using the plugin's release tarball $release"
else
  # `npm pack` (in plugin-release.sh) builds dist/ through `prepare`.
  say "building the package and the plugin's release tarball"
  rm -rf "$work/release"
  release="$(bash scripts/plugin-release.sh "" "$work/release")"
fi
eval "$(bash scripts/pulumi-cli.sh)"

program="$example"
case "$lang" in
  yaml)
    # A Pulumi install ships pulumi-language-yaml beside the CLI; the build from Go modules does not.
    if [[ ! -x "$(dirname "$DCS_JOBS_PULUMI_BIN")/pulumi-language-yaml" ]]; then
      say "Pulumi YAML's language host (built from Go modules once, then cached)"
      PATH="$(bash scripts/install-pulumi-yaml.sh):$PATH"
    fi
    ;;
  python)
    # The program from a copy, so that its venv (Pulumi.yaml: `virtualenv: venv`) is not in examples/.
    program="$work/program"
    mkdir -p "$program"
    find "$program" -mindepth 1 -maxdepth 1 ! -name venv -exec rm -rf {} +
    tar -C "$example" --exclude=./venv --exclude=__pycache__ -cf - . | tar -C "$program" -xf -
    python="${PYTHON:-python3}"
    pip=(-m pip install --disable-pip-version-check --no-input -q)
    want="$(cat "$example/requirements.txt" <("$python" --version) | sha256sum | cut -d' ' -f1)"
    if [[ "$(cat "$program/venv/.demo-requirements" 2>/dev/null || true)" != "$want" ]]; then
      say "creating the venv: pip install -r requirements.txt"
      rm -rf "$program/venv"
      "$python" -m venv "$program/venv"
      "$program/venv/bin/python" "${pip[@]}" -r "$example/requirements.txt"
      echo "$want" > "$program/venv/.demo-requirements"
    fi
    sdk_hash="$(cd sdk/python && find . -type f ! -path '*/__pycache__/*' ! -path '*.egg-info/*' ! -path './build/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
    if [[ "$(cat "$program/venv/.demo-sdk" 2>/dev/null || true)" != "$sdk_hash" ]]; then
      say "installing the dcs SDK (sdk/python) into the venv"
      # Copied first: pip builds in the source tree.
      sdk_copy="$(mktemp -d)"
      cp -R sdk/python "$sdk_copy/python"
      "$program/venv/bin/python" "${pip[@]}" "$sdk_copy/python"
      rm -rf "$sdk_copy"
      echo "$sdk_hash" > "$program/venv/.demo-sdk"
    fi
    ;;
  go)
    command -v go >/dev/null 2>&1 || { echo "'go' is not on PATH: the Go program is built with it" >&2; exit 1; }
    ;;
esac

export PULUMI_BACKEND_URL="file://$work/state" PULUMI_HOME="$work/home" PULUMI_CONFIG_PASSPHRASE="demo"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true DCS_JOBS_JOURNAL_DIR="$work/journal"
unset OS_ACCESS_KEY OS_SECRET_KEY OS_AUTH_TOKEN HW_ACCESS_KEY HW_SECRET_KEY HW_AUTH_TOKEN DCS_ENDPOINT

say "installing the plugin: pulumi plugin install resource dcs $version --file $(basename "$release")"
pulumi plugin install resource dcs "$version" --file "$release"

say "starting the DCS simulator"
node dist/simulator/cli.js --port 0 --quiet --scenario scripts/demo-scenario.json > "$work/simulator.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; wait $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^export DCS_ENDPOINT=' "$work/simulator.log" 2>/dev/null && break; sleep 0.1; done
endpoint="$(sed -n 's/^export DCS_ENDPOINT=//p' "$work/simulator.log")"
[[ -n "$endpoint" ]] || { cat "$work/simulator.log"; echo "simulator did not start" >&2; exit 1; }
echo "simulator at $endpoint"

say "configuring stack '$stack' (credentials as stack config; the secret key encrypted)"
# `stack init` writes Pulumi.<stack>.yaml beside the Pulumi.yaml it finds: a copy's, not the example's.
cp "$example/Pulumi.yaml" "$work/project/Pulumi.yaml"
config="$work/project/Pulumi.$stack.yaml"
pulumi -C "$work/project" stack init "$stack" --non-interactive >/dev/null
instance=5560df16-cebf-4473-95c4-d1b573c16e79
[[ "$mode" == "fail" ]] && instance=0badf00d-0000-4000-8000-00000000fa11
pulumi -C "$program" config set-all -s "$stack" --config-file "$config" \
  --plaintext "dcs:endpoint=$endpoint" \
  --plaintext dcs:projectId=0123456789abcdef0123456789abcdef \
  --plaintext dcs:accessKey=SIMULATORACCESSKEY0001 \
  --secret dcs:secretKey=simulator-secret-key-not-a-real-one \
  --plaintext "instanceId=$instance"
pulumi -C "$program" config -s "$stack" --config-file "$config"

say "pulumi up ($lang: $program)"
set +e
pulumi -C "$program" up --yes --non-interactive -s "$stack" --config-file "$config"
code=$?
set -e
say "stack outputs"
pulumi -C "$program" stack output -s "$stack" || true
say "simulator counters"
curl -s "$endpoint/__admin/counters" | node -e 'const c=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log(`requests: ${JSON.stringify(c.requests)}\nswaps accepted: ${c.effects.swaps}`)'
echo "(the demo took $((SECONDS - started)) s)"
if [[ "$mode" == "fail" ]]; then
  [[ $code -ne 0 ]] || { echo "expected pulumi up to fail" >&2; exit 1; }
  say "pulumi up exited with $code: this is the CI gate (the failed job's reason is in the output above)"
  exit 0
fi
exit $code
