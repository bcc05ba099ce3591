/**
 * A Pulumi YAML program of one `dcs:MasterStandbySwap`: all four cases of the plugin suite. Pulumi
 * YAML's language host is built from Go modules (scripts/install-pulumi-yaml.sh, cached).
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { REPO_ROOT, run } from "../../support/packed-project";
import { POLL, describePluginLanguage } from "./suite";

const PROGRAM = `name: dcs-yaml
runtime: yaml
config:
  instanceId:
    type: string
  ticket:
    type: string
resources:
  swap:
    type: dcs:MasterStandbySwap
    properties:
      instanceId: \${instanceId}
      triggers:
        ticket: \${ticket}
      timeout: 60s
      pollPolicy: ${JSON.stringify(POLL)}
outputs:
  jobId: \${swap.jobId}
  status: \${swap.status}
  apiUsed: \${swap.apiUsed}
`;

describePluginLanguage({
    name: "YAML",
    cases: ["swap", "fail", "triggers", "sigkill"],
    setupTimeoutMs: 900_000,
    async prepare(dir) {
        writeFileSync(join(dir, "Pulumi.yaml"), PROGRAM);
        const host = await run("bash", [join(REPO_ROOT, "scripts", "install-pulumi-yaml.sh")], { cwd: REPO_ROOT, timeoutMs: 900_000 });
        return { path: [host.stdout.trim()] };
    },
});
