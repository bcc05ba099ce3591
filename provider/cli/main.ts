import { DcsClient, DcsConfigError, DcsJobInfo, clientIpSpec, systemClock } from "../dcs";
import { JobFailedError, JobTimeoutError, waitForJob } from "../jobs";
import {
    OperationError,
    OperationTarget,
    SWAP_TASK_NAME,
    clientInstanceViews,
    clientPorts,
    describeMaster,
    fileJournal,
    recordIntent,
    runOperation,
    swapTarget,
} from "../operations";
import { CliCommand, RunCommand, parseCommandLine } from "./args";
import { UsageError } from "./errors/usage-error";
import { helpText } from "./help";
import { packageVersion } from "../version";
import { ProgressReporter, progressReporter } from "./progress";
import { EXIT } from "./spec";

export { EXIT };

interface CliIo {
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WriteStream;
    env: Record<string, string | undefined>;
    signal?: AbortSignal;
}

/** Runs one command; resolves with the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
    let cmd: CliCommand;
    try {
        // The one place the clock is read for the deadline: every call below shares it.
        cmd = parseCommandLine(argv, systemClock.now());
    } catch (error) {
        if (!(error instanceof UsageError)) {
            io.stderr.write(`dcs-jobs: ${String(error)}\n`);
            return EXIT.error;
        }
        io.stderr.write(`dcs-jobs: ${error.message}\n\n${helpText(error.command)}\n`);
        return EXIT.usage;
    }
    if (cmd.command === "help") {
        io.stdout.write(`${helpText(cmd.about)}\n`);
        return EXIT.ok;
    }
    if (cmd.command === "version") {
        io.stdout.write(`${packageVersion()}\n`);
        return EXIT.ok;
    }
    const progress = progressReporter(io.stderr);
    try {
        const client = new DcsClient({ ...cmd.connection, env: io.env, signal: io.signal });
        const job = await execute(cmd, client, progress);
        progress.done();
        if (job) io.stdout.write(cmd.json ? `${JSON.stringify(job)}\n` : `${job.jobId} ${job.status}\n`);
        return EXIT.ok;
    } catch (error) {
        progress.done();
        return report(error, cmd, io);
    }
}

async function execute(cmd: RunCommand, client: DcsClient, progress: ProgressReporter): Promise<DcsJobInfo | undefined> {
    const { deadline, target } = cmd;
    if (cmd.command === "status") {
        const job = await client.showJob(target, { deadline });
        progress.status(job, 0);
        return job;
    }
    if (cmd.command === "wait") {
        return waitForJob(client, target, { deadline, onStatus: (job, elapsed) => progress.status(job, elapsed) });
    }
    // The same lifecycle as the resources: sync fallback, foreign-swap guard, identification after an ambiguous answer.
    const swap = cmd.command === "swap";
    const taskName = swap ? SWAP_TASK_NAME : undefined;
    const log = (message: string) => progress.note(message);
    const journal = fileJournal(undefined, log);
    const instances = clientInstanceViews(client);
    const intent = await recordIntent(client, { instanceId: target, taskName, switchover: swap }, { deadline, clock: systemClock, journal, log, instances });
    const intentRef = { ...intent, fresh: true };
    const operation: OperationTarget = swap
        ? swapTarget(client.projectId, target, intentRef)
        : {
              operation: `client IP pass-through ${cmd.enabled ? "enable" : "disable"}`,
              instanceId: target,
              sends: [{ api: "async", spec: clientIpSpec(client.projectId, target, cmd.enabled!) }],
              intent: intentRef,
          };
    try {
        const record = await runOperation(operation, undefined, clientPorts(client, { journal, log }), {
            deadline,
            onStatus: (job, elapsed) => progress.status(job, elapsed),
        });
        if (record.noChange) {
            progress.note(`client IP pass-through already ${cmd.enabled ? "on" : "off"}; nothing to do`);
            return undefined;
        }
        if (record.master) progress.note(`master: ${describeMaster(record.master)}`);
        return record.job;
    } catch (error) {
        // The CLI has no state to keep a record in: report the cause, which names the job or the send time.
        throw error instanceof OperationError ? error.cause : error;
    }
}

function report(error: unknown, cmd: RunCommand, io: CliIo): number {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof JobFailedError) {
        if (cmd.json) io.stdout.write(`${JSON.stringify(error.job)}\n`);
        io.stderr.write(`dcs-jobs: ${message}\n`);
        return EXIT.jobFailed;
    }
    if (error instanceof JobTimeoutError) {
        if (cmd.json && error.lastJob) io.stdout.write(`${JSON.stringify(error.lastJob)}\n`);
        io.stderr.write(`dcs-jobs: ${message}\n`);
        return EXIT.timeout;
    }
    io.stderr.write(`dcs-jobs: ${message}\n`);
    return error instanceof DcsConfigError ? EXIT.usage : EXIT.error;
}
