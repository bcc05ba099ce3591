import { formatElapsed } from "../../jobs";

/**
 * One line per event on stdout, which the Pulumi CLI (>= 3.146) shows as an info diagnostic.
 * Lines carry the resource's owner name because the engine does not tie plugin output to a resource.
 */
export function progress(owner: string | undefined, message: string, elapsedMs?: number): void {
    const who = owner ? owner.split("/").pop() : "dcs";
    const after = elapsedMs === undefined ? "" : ` (${formatElapsed(elapsedMs)})`;
    console.log(`[dcs-jobs] ${who}: ${message}${after}`);
}
