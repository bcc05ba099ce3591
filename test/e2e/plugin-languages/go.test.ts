/**
 * A Go program of one `MasterStandbySwap` (go/main.go), on the committed Go SDK (sdk/go/dcs, made of
 * the schema by Pulumi's own generator): the swap and the FAIL gate of the plugin suite. Our test
 * language host builds and runs it (tools/language-host: the module proxy refuses the upstream one).
 */
import { copyFileSync, readFileSync, writeFileSync } from "fs";
import { devNull } from "os";
import { join } from "path";
import { REPO_ROOT, run } from "../../support/packed-project";
import { describePluginLanguage } from "./suite";

const SDK = join(REPO_ROOT, "sdk");

/** The program's module: the SDK's own requirements (same versions, same go.sum), the SDK from this checkout. */
function goMod(): string {
    const sdkMod = readFileSync(join(SDK, "go.mod"), "utf8");
    const goVersion = /^go (\S+)$/m.exec(sdkMod)![1];
    const pulumiSdk = /github\.com\/pulumi\/pulumi\/sdk\/v3 (\S+)/.exec(sdkMod)![1];
    return `module dcs-go-program

go ${goVersion}

require (
	github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/sdk v0.0.0
	github.com/pulumi/pulumi/sdk/v3 ${pulumiSdk}
)

replace github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/sdk => ${SDK}
`;
}

describePluginLanguage({
    name: "Go",
    cases: ["swap", "fail"],
    setupTimeoutMs: 900_000,
    async prepare(dir) {
        copyFileSync(join(__dirname, "go", "main.go"), join(dir, "main.go"));
        writeFileSync(join(dir, "go.mod"), goMod());
        copyFileSync(join(SDK, "go.sum"), join(dir, "go.sum"));
        writeFileSync(join(dir, "Pulumi.yaml"), "name: dcs-go\nruntime: go\nconfig:\n  instanceId:\n    type: string\n  ticket:\n    type: string\n");
        // The indirect requirements come from the SDK's module: `go build` completes the program's go.mod.
        const env = { GOFLAGS: "-mod=mod" };
        // Compiled once here, where a cold Go build cache may take minutes: each `up` builds again, in seconds.
        await run("go", ["build", "-o", devNull, "."], { cwd: dir, env: { ...process.env, ...env }, timeoutMs: 600_000 });
        return { env };
    },
});
