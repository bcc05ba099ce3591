import { DcsError } from "../../dcs";

/** The task list could not be read whole, so "not listed" cannot be concluded from it. */
export class TaskListInconclusiveError extends DcsError {
    constructor(readonly instanceId: string) {
        super(`the background task list of instance ${instanceId} kept changing while it was read; it was not read whole`);
    }
}
