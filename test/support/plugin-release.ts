/**
 * The `dcs` provider plugin as users get it: the release tarball of scripts/plugin-release.sh, for
 * `pulumi plugin install`. scripts/test-all.sh builds it once for its parallel workers
 * (`DCS_JOBS_PLUGIN_RELEASE`); otherwise it is built once per test process, from the package tarball
 * the tests install, into a temp dir.
 */
import { existsSync, mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { REPO_ROOT, preparePackedProject, run } from "./packed-project";

let release: Promise<string> | undefined;

/** The path of `pulumi-resource-dcs-v<version>.tar.gz`. */
export function preparePluginRelease(): Promise<string> {
    release ??= (async () => {
        const given = process.env.DCS_JOBS_PLUGIN_RELEASE;
        if (given) {
            if (!existsSync(given)) throw new Error(`DCS_JOBS_PLUGIN_RELEASE=${given} does not exist`);
            return given;
        }
        const { tarball } = await preparePackedProject();
        const outDir = mkdtempSync(join(tmpdir(), "dcs-jobs-plugin-release-"));
        const built = await run("bash", [join(REPO_ROOT, "scripts", "plugin-release.sh"), tarball, outDir], { cwd: REPO_ROOT, timeoutMs: 300_000 });
        return built.stdout.trim().split("\n").pop()!;
    })();
    return release;
}
