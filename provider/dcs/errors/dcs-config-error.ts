import { DcsError } from "./dcs-error";

/** Bad or missing input, detected before any request is sent. `field` names the offending input. */
export class DcsConfigError extends DcsError {
    readonly field: string;
    /** What is wrong, worded to follow the field's name ("must be …", "is required"). */
    readonly problem: string;

    constructor(field: string, problem: string) {
        super(`${field}: ${problem}`);
        this.field = field;
        this.problem = problem;
    }
}
