import { DcsError } from "../../dcs";
import type { CommandName } from "../spec";

/** A usage mistake; the CLI exits with 2 and prints the help of `command`, or the global help. */
export class UsageError extends DcsError {
    constructor(
        message: string,
        readonly command?: CommandName,
    ) {
        super(message);
    }
}
