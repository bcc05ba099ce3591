/**
 * Pulumi YAML's language host for the tests, built from Go modules by scripts/install-pulumi-yaml.sh
 * (minutes cold, seconds once its stamp matches): the directory to put first on PATH, once per test process.
 */
import { join } from "path";
import { REPO_ROOT, run } from "./packed-project";

let hostDir: Promise<string> | undefined;

/** The directory holding `pulumi-language-yaml`. */
export function yamlLanguageHostDir(): Promise<string> {
    hostDir ??= run("bash", [join(REPO_ROOT, "scripts", "install-pulumi-yaml.sh")], { cwd: REPO_ROOT, timeoutMs: 900_000 }).then((built) =>
        built.stdout.trim(),
    );
    return hostDir;
}
