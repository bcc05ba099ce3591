import { cleanupPackedProjects } from "../../test/support/packed-project";

/** Runs one bench as a script: removes the packed project afterwards, exit code 1 on any error. */
export function runAsScript(bench: () => Promise<unknown>): void {
    bench()
        .finally(cleanupPackedProjects)
        .then(
            () => process.exit(0),
            (e) => {
                console.error(e);
                process.exit(1);
            },
        );
}
