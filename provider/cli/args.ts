import { parseArgs } from "node:util";
import { DcsCloud } from "../dcs";
import { parseDuration } from "../jobs";

/** A parsed `dcs-jobs` command line. */
export interface CliCommand {
    command: "wait" | "status" | "swap" | "client-ip" | "help" | "version";
    /** Job id (wait, status) or instance id (swap, client-ip). */
    target?: string;
    /** client-ip only. */
    enabled?: boolean;
    json: boolean;
    timeoutMs: number;
    connection: { endpoint?: string; region?: string; cloud?: DcsCloud; projectId?: string };
}

/** A usage mistake; the CLI exits with 2 and prints the usage. */
export class UsageError extends Error {}

export const USAGE = `Usage: dcs-jobs <command> [options]

Commands:
  wait <job-id>                  wait for a DCS job to finish
  status <job-id>                print a job's current status
  swap <instance-id>             master/standby switchover, then wait for its job
  client-ip <instance-id> on|off set client IP pass-through, then wait for its job

Options:
  --endpoint <url>      DCS endpoint (default: $DCS_ENDPOINT, else from the region)
  --region <name>       e.g. eu-de (default: $OS_REGION_NAME, $HW_REGION_NAME)
  --cloud otc|huaweicloud
  --project-id <id>     (default: $OS_PROJECT_ID, $HW_PROJECT_ID)
  --timeout <duration>  e.g. 30m, 90s (default 30m)
  --json                print the final job as JSON on stdout
  -h, --help, --version

Credentials come from the environment only (never flags, which leak into shell history):
OS_ACCESS_KEY/OS_SECRET_KEY[/OS_SECURITY_TOKEN], HW_ACCESS_KEY/HW_SECRET_KEY, OS_AUTH_TOKEN or HW_AUTH_TOKEN.

Exit codes: 0 success, 1 job failed, 2 usage or configuration error, 3 timeout, 4 other error.`;

export function parseCommandLine(argv: string[]): CliCommand {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                endpoint: { type: "string" },
                region: { type: "string" },
                cloud: { type: "string" },
                "project-id": { type: "string" },
                timeout: { type: "string", default: "30m" },
                json: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
                version: { type: "boolean", default: false },
            },
        });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    const base = {
        json: values.json!,
        timeoutMs: parseTimeout(values.timeout!),
        connection: { endpoint: values.endpoint, region: values.region, cloud: parseCloud(values.cloud), projectId: values["project-id"] },
    };
    if (values.help) return { ...base, command: "help" };
    if (values.version) return { ...base, command: "version" };
    const [command, target, extra, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    switch (command) {
        case "wait":
        case "status":
        case "swap":
            if (!target) throw new UsageError(`${command} needs ${command === "swap" ? "an instance id" : "a job id"}`);
            if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
            return { ...base, command, target };
        case "client-ip":
            if (!target) throw new UsageError("client-ip needs an instance id");
            if (extra !== "on" && extra !== "off") throw new UsageError(`client-ip needs "on" or "off", got ${JSON.stringify(extra ?? "")}`);
            return { ...base, command, target, enabled: extra === "on" };
        case undefined:
            throw new UsageError("missing command");
        default:
            throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
}

function parseTimeout(text: string): number {
    const ms = parseDuration(text) ?? NaN;
    if (!(ms > 0)) throw new UsageError(`--timeout must be a duration such as 30m or 90s, got ${JSON.stringify(text)}`);
    return ms;
}

function parseCloud(value: string | undefined): DcsCloud | undefined {
    if (value === undefined || value === "otc" || value === "huaweicloud") return value;
    throw new UsageError(`--cloud must be otc or huaweicloud, got ${JSON.stringify(value)}`);
}
