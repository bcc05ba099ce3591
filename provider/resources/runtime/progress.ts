import { formatElapsed } from "../../jobs";

/** Where the lines go: stdout, unless a harness that runs the runtime in-process takes them (`redirectProgress`). */
let sink: (line: string) => void = (line) => console.log(line);

/** Sends progress lines to `to` instead of stdout until it is called again without one; returns the previous sink. */
export function redirectProgress(to?: (line: string) => void): (line: string) => void {
    const previous = sink;
    sink = to ?? ((line) => console.log(line));
    return previous;
}

/**
 * One line per event on stdout, which the Pulumi CLI (>= 3.146) shows as an info diagnostic.
 * Lines carry the resource's owner name because the engine does not tie plugin output to a resource.
 */
export function progress(owner: string | undefined, message: string, elapsedMs?: number): void {
    const who = owner ? owner.split("/").pop() : "dcs";
    const after = elapsedMs === undefined ? "" : ` (${formatElapsed(elapsedMs)})`;
    sink(`[dcs-jobs] ${who}: ${message}${after}`);
}
