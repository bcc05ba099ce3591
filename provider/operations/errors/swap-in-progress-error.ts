import { DcsError } from "../../dcs";

/** A swap is running on the instance and it is not ours: starting another would swap back. */
export class SwapInProgressError extends DcsError {
    constructor(
        readonly instanceId: string,
        readonly taskId: string,
        readonly jobId?: string,
    ) {
        super(
            `a master/standby swap is already running on instance ${instanceId} (task ${taskId}${jobId ? `, job ${jobId}` : ""}) and was not started by this resource; ` +
                "not starting a second one, which would swap back. Run `pulumi up` again once it has finished.",
        );
    }
}
