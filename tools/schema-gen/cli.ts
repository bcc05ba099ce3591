/**
 * `npm run schema`: writes the plugin's schema (`provider/plugin/schema.json`) from the sources;
 * `--check` fails instead when the committed file differs (CI: the schema never drifts from the tables).
 */
import { readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { generateSchema } from "./schema";

const ROOT = resolve(__dirname, "..", "..");
/** The committed schema: reviewed in each change like the code it comes from. */
export const SCHEMA_PATH = join(ROOT, "provider", "plugin", "schema.json");

function main(args: string[]): number {
    const text = `${JSON.stringify(generateSchema({ root: ROOT }), null, 2)}\n`;
    if (args.includes("--check")) {
        const committed = readFileSync(SCHEMA_PATH, "utf8");
        if (committed === text) return 0;
        console.error(`${SCHEMA_PATH} is not what the field tables give: run \`npm run schema\` and commit it`);
        return 1;
    }
    writeFileSync(SCHEMA_PATH, text);
    console.log(`wrote ${SCHEMA_PATH}`);
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
