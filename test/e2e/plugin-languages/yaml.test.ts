/**
 * A Pulumi YAML program of one `dcs:MasterStandbySwap`: all four cases of the plugin suite. Pulumi
 * YAML's language host is built from Go modules (scripts/install-pulumi-yaml.sh, cached).
 */
import { writeFileSync } from "fs";
import { join } from "path";
import { yamlLanguageHostDir } from "../../support/yaml-host";
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
        return { path: [await yamlLanguageHostDir()] };
    },
});
