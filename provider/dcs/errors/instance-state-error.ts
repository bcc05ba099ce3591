import { DcsError } from "./dcs-error";

/** The instance is in a state from which it will not become ready by waiting (ERROR, FROZEN...). */
export class DcsInstanceStateError extends DcsError {
    constructor(
        readonly instanceId: string,
        readonly status: string,
    ) {
        super(`DCS instance ${instanceId} is ${status}; it will not accept the operation until an operator fixes it`);
    }
}
