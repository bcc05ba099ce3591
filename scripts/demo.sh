#!/usr/bin/env bash
# One-command demo: `pulumi up` of the quickstart (the root Pulumi.yaml) against the DCS simulator.
#   npm run demo        one switchover that succeeds
#   npm run demo:fail   one switchover whose job FAILs: `pulumi up` exits non-zero with the fail_reason
# Installs what is missing (npm deps; the Pulumi CLI build when no `pulumi` is on PATH, see
# scripts/pulumi-cli.sh), uses a local file backend under .demo/,
# and stops the simulator on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
mode="${1:-ok}"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

[[ -d node_modules/@pulumi/pulumi ]] || { say "installing npm dependencies"; npm ci --no-audit --no-fund; }
say "building the package"
npm run --silent build
eval "$(bash scripts/pulumi-cli.sh)"

say "packing pulumi-dcs-jobs and installing it into examples/quickstart"
bash scripts/pack-into.sh examples/quickstart

say "starting the DCS simulator"
# A fresh stack every time: the state and the stack's config file (which the fail demo changes).
rm -rf .demo Pulumi.demo.yaml && mkdir -p .demo/state .demo/home
node dist/simulator/cli.js --port 0 --quiet --scenario scripts/demo-scenario.json > .demo/simulator.log 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; wait $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^export DCS_ENDPOINT=' .demo/simulator.log 2>/dev/null && break; sleep 0.1; done
endpoint="$(sed -n 's/^export DCS_ENDPOINT=//p' .demo/simulator.log)"
[[ -n "$endpoint" ]] || { cat .demo/simulator.log; echo "simulator did not start" >&2; exit 1; }
echo "simulator at $endpoint"

export PULUMI_BACKEND_URL="file://$ROOT/.demo/state" PULUMI_HOME="$ROOT/.demo/home" PULUMI_CONFIG_PASSPHRASE="demo"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true DCS_JOBS_JOURNAL_DIR="$ROOT/.demo/journal"
unset OS_ACCESS_KEY OS_SECRET_KEY OS_AUTH_TOKEN HW_ACCESS_KEY HW_SECRET_KEY HW_AUTH_TOKEN DCS_ENDPOINT

say "configuring stack 'demo' (credentials as stack config; the secret key encrypted)"
pulumi stack init demo --non-interactive >/dev/null
pulumi config set dcs:endpoint "$endpoint"
pulumi config set dcs:projectId 0123456789abcdef0123456789abcdef
pulumi config set dcs:accessKey SIMULATORACCESSKEY0001
pulumi config set --secret dcs:secretKey simulator-secret-key-not-a-real-one
if [[ "$mode" == "fail" ]]; then
  pulumi config set instanceId 0badf00d-0000-4000-8000-00000000fa11
fi

say "pulumi up"
set +e
pulumi up --yes --non-interactive
code=$?
set -e
say "stack outputs"
pulumi stack output || true
say "simulator counters"
curl -s "$endpoint/__admin/counters" | node -e 'const c=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log(`requests: ${JSON.stringify(c.requests)}\nswaps accepted: ${c.effects.swaps}`)'
if [[ "$mode" == "fail" ]]; then
  [[ $code -ne 0 ]] || { echo "expected pulumi up to fail" >&2; exit 1; }
  say "pulumi up exited with $code: this is the CI gate (the failed job's reason is in the output above)"
  exit 0
fi
exit $code
