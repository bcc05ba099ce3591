/** Adopting a listed task as the operation's own, instead of sending it again. */
import { DcsBackgroundTask } from "../dcs";
import { taskJobStatus } from "./identify";
import { IdentifiedRecord, OperationRecord } from "./record";
import { ListedRun, journal } from "./run";
import { wait } from "./waiting";

/** The task is this operation's (it is outside the intent's baseline): record it, then wait for it to end. */
export async function adopt(run: ListedRun, task: DcsBackgroundTask, prior: OperationRecord | undefined): Promise<OperationRecord> {
    const record: IdentifiedRecord = { status: taskJobStatus(task.status), jobId: task.jobId, taskId: task.id, sentAt: prior?.sentAt, api: prior?.api };
    journal(run, record);
    run.ports.log(
        `${run.target.operation}: found it as background task ${task.id}${task.jobId ? ` (job ${task.jobId})` : ""}, ${task.status}; adopting it instead of sending again`,
    );
    return wait(run, record, true);
}
