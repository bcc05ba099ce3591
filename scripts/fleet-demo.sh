#!/usr/bin/env bash
# `npm run demo:fleet`: examples/fleet-maintenance (a RollingSwap, 2 at a time, stopping at the first
# failure) against the DCS simulator, with 8 instances (scripts/fleet-scenario.json) whose 4th swap FAILs:
#   1. select-fleet.ts picks the instances whose master is in az-1a (all 8: the simulator starts every
#      master there), pulumi preview shows the plan;
#   2. pulumi up fails in the middle: the swaps already running finish, later ones never start;
#   3. the cause is fixed (the simulator's admin API clears the 4th instance's failReason) and
#      pulumi up runs again: it swaps only what was left;
#   4. the simulator's per-instance counters show every instance swapped exactly once.
# Installs what is missing (npm deps; the Pulumi CLI build when no `pulumi` is on PATH, see
# scripts/pulumi-cli.sh). State, Pulumi home and logs go to .demo-fleet/, the stack's config file to
# examples/fleet-maintenance/Pulumi.fleet-demo.yaml (both git-ignored). Stops the simulator on exit.
# Exits 0 only when all of the above happened as described.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
EXAMPLE="examples/fleet-maintenance"
DEMO="$ROOT/.demo-fleet"
STACK="fleet-demo"
DRAIN_AZ="az-1a"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "fleet demo: $*" >&2; exit 1; }

[[ -d node_modules/@pulumi/pulumi ]] || { say "installing npm dependencies"; npm ci --no-audit --no-fund; }
say "building the package"
npm run --silent build
eval "$(bash scripts/pulumi-cli.sh)"

say "packing pulumi-dcs-jobs and installing it into $EXAMPLE"
bash scripts/pack-into.sh "$EXAMPLE"

say "starting the DCS simulator (scripts/fleet-scenario.json: 8 instances, the 4th one's swap FAILs)"
# A fresh stack every time: the state and the stack's config file.
rm -rf "$DEMO" "$EXAMPLE/Pulumi.$STACK.yaml" && mkdir -p "$DEMO/state" "$DEMO/home"
node dist/simulator/cli.js --port 0 --quiet --scenario scripts/fleet-scenario.json > "$DEMO/simulator.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; wait $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^export DCS_ENDPOINT=' "$DEMO/simulator.log" 2>/dev/null && break; sleep 0.1; done
endpoint="$(sed -n 's/^export DCS_ENDPOINT=//p' "$DEMO/simulator.log")"
[[ -n "$endpoint" ]] || { cat "$DEMO/simulator.log"; die "simulator did not start"; }
echo "simulator at $endpoint"
# The simulator's fixed demo credentials, for select-fleet.ts (which reads the environment).
sim_env=()
while IFS= read -r line; do sim_env+=("$line"); done < <(sed -n 's/^export //p' "$DEMO/simulator.log")
# The fleet: the scenario's instances, in file order (the order they are swapped in).
fleet="$(node -e 'console.log(JSON.stringify(Object.keys(require(process.argv[1]).instances)))' "$ROOT/scripts/fleet-scenario.json")"
fourth="$(node -e 'console.log(JSON.parse(process.argv[1])[3])' "$fleet")"

export PULUMI_BACKEND_URL="file://$DEMO/state" PULUMI_HOME="$DEMO/home" PULUMI_CONFIG_PASSPHRASE="demo"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true DCS_JOBS_JOURNAL_DIR="$DEMO/journal"
unset OS_ACCESS_KEY OS_SECRET_KEY OS_AUTH_TOKEN HW_ACCESS_KEY HW_SECRET_KEY HW_AUTH_TOKEN DCS_ENDPOINT
pl() { pulumi --cwd "$EXAMPLE" "$@"; }

say "configuring stack '$STACK' (credentials as stack config; the secret key encrypted)"
pl stack init "$STACK" --non-interactive >/dev/null
pl config set dcs:endpoint "$endpoint"
pl config set dcs:projectId 0123456789abcdef0123456789abcdef
pl config set dcs:accessKey SIMULATORACCESSKEY0001
pl config set --secret dcs:secretKey simulator-secret-key-not-a-real-one
pl config set fleet "$fleet"
pl config set ticket CHG-1042
pl config set drainAz "$DRAIN_AZ"

say "select-fleet.ts: the instances whose master is in $DRAIN_AZ"
instances="$(pl config get fleet | (cd "$EXAMPLE" && env "${sim_env[@]}" npx ts-node select-fleet.ts "$DRAIN_AZ"))"
echo "instances = $instances"
pl config set instances "$instances"

say "pulumi preview (reads every instance; shows the plan; no write call)"
pl preview --non-interactive --suppress-progress

# What the state recorded (also after a failed up): each swap's status in plan order, then the stack's outputs.
summary() {
  pl stack export | node -e '
    const d = JSON.parse(require("fs").readFileSync(0, "utf8")).deployment;
    const plan = JSON.parse(process.argv[1]);
    const swaps = new Map((d.resources ?? []).filter((r) => r.type.endsWith("dcs:MasterStandbySwap")).map((r) => [r.outputs.instanceId, r.outputs]));
    for (const [i, id] of plan.entries()) {
      const o = swaps.get(id) ?? {};
      console.log(`  ${i + 1}. ${id}  ${o.status ?? "(absent)"}${o.failReason ? ` (${o.failReason})` : ""}`);
    }' "$instances"
  pl stack output --json | node -e '
    const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const key of ["swapped", "failed", "notStarted"]) console.log(`  ${key}: ${JSON.stringify(o[key])}`);'
}

say "pulumi up #1 (the 4th swap fails: the running one finishes, no later swap starts)"
set +e
pl up --yes --non-interactive --skip-preview --suppress-progress
code1=$?
set -e
[[ $code1 -ne 0 ]] || die "expected the first pulumi up to fail"
say "pulumi up #1 exited with $code1; what the state recorded"
summary

say "fixing the cause: the simulator's admin API clears the failReason of $fourth"
curl -sf -X POST -H 'content-type: application/json' -d '{"failReason":null}' "$endpoint/__admin/instances/$fourth" >/dev/null
echo "done"

say "pulumi up #2 (resumes: swaps the failed and the not-started instances, leaves the swapped ones alone)"
pl up --yes --non-interactive --skip-preview --suppress-progress
say "what the state recorded"
summary

say "simulator: swaps per instance"
curl -sf "$endpoint/__admin/jobs" > "$DEMO/jobs.json"
for id in $(node -e 'console.log(JSON.parse(process.argv[1]).join(" "))' "$instances"); do
  curl -sf "$endpoint/__admin/instances/$id"
  echo
done | node -e '
  const jobs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const lines = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  let bad = 0;
  for (const v of lines) {
    const mine = jobs.filter((j) => j.instanceId === v.instanceId && j.jobType === "masterStandbySwapJob").sort((a, b) => a.createdAt - b.createdAt);
    console.log(`${v.instanceId}  swaps that took effect: ${v.swapCount}  master: ${v.master}  swap jobs: ${mine.map((j) => j.status).join(", ")}`);
    if (v.swapCount !== 1) bad++;
  }
  if (bad > 0) { console.error(`${bad} instance(s) not swapped exactly once`); process.exit(1); }
  console.log(`every instance swapped exactly once (${lines.length} instances)`);
' "$DEMO/jobs.json"
say "done in ${SECONDS}s"
