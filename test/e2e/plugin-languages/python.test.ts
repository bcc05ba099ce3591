/**
 * A Python program of one `MasterStandbySwap` (python/__main__.py), on the committed Python SDK
 * (sdk/python, made of the schema by Pulumi's own generator): all four cases of the plugin suite. It runs in a
 * virtualenv with the `pulumi` package from PyPI, through our test language host (tools/language-host:
 * the module proxy refuses the upstream one).
 */
import { copyFileSync, cpSync, writeFileSync } from "fs";
import { join } from "path";
import { REPO_ROOT } from "../../support/packed-project";
import { ensureVenv, pipInstallInto } from "../../support/python-venv";
import { describePluginLanguage } from "./suite";

/** The SDK's pins (pulumi, and what its setup.py needs), shared with the schema test's venv. */
const REQUIREMENTS = join(REPO_ROOT, "test", "system", "plugin-schema", "requirements.txt");

describePluginLanguage({
    name: "Python",
    cases: ["swap", "fail", "triggers", "sigkill"],
    setupTimeoutMs: 900_000,
    async prepare(dir) {
        const venv = await ensureVenv({ requirements: REQUIREMENTS, modules: ["pulumi", "semver", "setuptools"] });
        // The committed SDK (sdk/python, what scripts/generate-sdks.sh makes of the schema), copied first: pip builds in its tree.
        cpSync(join(REPO_ROOT, "sdk", "python"), join(dir, "sdk"), { recursive: true });
        // Installed beside the program, not into the shared cached venv: `pip install ./sdk/python` in a user's own.
        const site = join(dir, "site-packages");
        await pipInstallInto(venv, site, [join(dir, "sdk")], dir);
        copyFileSync(join(__dirname, "python", "__main__.py"), join(dir, "__main__.py"));
        writeFileSync(
            join(dir, "Pulumi.yaml"),
            `name: dcs-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${venv.dir}\nconfig:\n  instanceId:\n    type: string\n  ticket:\n    type: string\n`,
        );
        return { env: { PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" } };
    },
});
