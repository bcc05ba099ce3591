import * as fs from "fs";
import * as path from "path";

/** Version of this package, found by walking up from `dir` (sources and `dist/` sit at different depths). */
export function packageVersion(dir: string = __dirname): string {
    for (let d = dir; ; d = path.dirname(d)) {
        try {
            const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
            if (pkg.name === "pulumi-dcs-jobs") return String(pkg.version);
        } catch {
            // no package.json here; keep walking
        }
        if (path.dirname(d) === d) return "unknown";
    }
}
