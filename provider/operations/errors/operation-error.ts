import { DcsError } from "../../dcs";
import { OperationRecord } from "../record";

/**
 * An operation stopped after something may have been sent. `record` is what must reach Pulumi
 * state (as a partial failure), so the next run resumes or identifies instead of sending again.
 */
export class OperationError extends DcsError {
    readonly record: OperationRecord;

    constructor(record: OperationRecord, cause: Error) {
        super(cause.message, { cause });
        this.record = record;
    }
}
