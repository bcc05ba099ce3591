import { DcsBackgroundTask, DcsError } from "../../dcs";

/**
 * Thrown out of the trigger's busy hook to stop sending: the operation's own task is already listed
 * and is adopted instead. Caught inside `runOperation`; it never reaches a caller.
 */
export class AdoptInstead extends DcsError {
    constructor(readonly task: DcsBackgroundTask) {
        super(`${task.name} task ${task.id} is already listed; adopting it instead of sending again`);
    }
}
