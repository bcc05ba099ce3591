import { DcsError } from "../../dcs";

/**
 * The instance's node roles could not be read when they had to decide whether a switchover
 * happened (the cloud has the roles API, but reads failed or showed no single master). Nothing is
 * sent and nothing is reported as done; the next run reads them again.
 */
export class RolesUnreadableError extends DcsError {
    readonly instanceId: string;

    constructor(instanceId: string, cause?: unknown) {
        const why = cause instanceof Error ? ` (${cause.message})` : "";
        super(`the node roles of instance ${instanceId} could not be read${why}`, { cause });
        this.instanceId = instanceId;
    }
}
