import { ENV_VARS } from "../dcs";
import { DEFAULT_TIMEOUT_MS, formatDuration } from "../jobs";

/**
 * The one description of the `dcs-jobs` command line. The parser (args.ts) and the help (help.ts)
 * both read these tables, so an option cannot be accepted without being documented, or the other way round.
 */
export interface OptionSpec {
    /** Long name, without the leading "--". */
    readonly name: string;
    readonly type: "string" | "boolean";
    readonly short?: string;
    /** Placeholder for the value in the help, e.g. "<url>". */
    readonly value?: string;
    /** The only accepted values, checked by the parser and listed by the help. */
    readonly choices?: readonly string[];
    /** Applied by the parser when the option is absent. */
    readonly default?: string;
    /** Where an absent value comes from instead (resolved later, by the client's connection config); help only. */
    readonly fallback?: string;
    readonly description: string;
}

export interface ArgSpec {
    /** As shown in usage lines, e.g. "<job-id>". */
    readonly name: string;
    /** As used in "swap needs an instance id"; an argument with `choices` lists them instead. */
    readonly noun?: string;
    readonly choices?: readonly string[];
}

export interface CommandSpec {
    readonly name: string;
    readonly args: readonly ArgSpec[];
    readonly summary: string;
    /** A longer note, shown only in the command's own help. */
    readonly details?: string;
}

/** The variables the client falls back to, as the help shows them: "$OS_PROJECT_ID, $HW_PROJECT_ID". */
const fromEnv = (names: readonly string[]) => names.map((name) => `$${name}`).join(", ");

export const OPTIONS = [
    { name: "endpoint", type: "string", value: "<url>", fallback: `${fromEnv(ENV_VARS.endpoint)}, else from the region`, description: "DCS endpoint" },
    { name: "region", type: "string", value: "<name>", fallback: fromEnv(ENV_VARS.region), description: "region, e.g. eu-de" },
    { name: "cloud", type: "string", choices: ["otc", "huaweicloud"], fallback: "from the region", description: "which cloud the region belongs to" },
    { name: "project-id", type: "string", value: "<id>", fallback: fromEnv(ENV_VARS.projectId), description: "project id" },
    {
        name: "timeout",
        type: "string",
        value: "<duration>",
        default: formatDuration(DEFAULT_TIMEOUT_MS),
        description: "one deadline for the whole command, e.g. 90s, 45m, 1h30m",
    },
    { name: "json", type: "boolean", description: "print the final job as JSON on stdout" },
    { name: "help", type: "boolean", short: "h", description: "print this help, or a command's with <command> --help" },
    { name: "version", type: "boolean", description: "print the package version" },
] as const satisfies readonly OptionSpec[];

const JOB_ID: ArgSpec = { name: "<job-id>", noun: "a job id" };
const INSTANCE_ID: ArgSpec = { name: "<instance-id>", noun: "an instance id" };

export const COMMANDS = [
    {
        name: "wait",
        args: [JOB_ID],
        summary: "wait for a DCS job to finish",
        details: "Picks up a job that an earlier command left running at its timeout.",
    },
    { name: "status", args: [JOB_ID], summary: "print a job's current status" },
    {
        name: "swap",
        args: [INSTANCE_ID],
        summary: "master/standby switchover, then wait for its job",
        details: "A swap already running on the instance that this command did not start is an error: queueing behind it would swap back.",
    },
    {
        name: "client-ip",
        args: [INSTANCE_ID, { name: "on|off", choices: ["on", "off"] }],
        summary: "set client IP pass-through, then wait for its job",
        details: "Exits 0 without a job when the flag already has the wanted value.",
    },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]["name"];
export type OptionName = (typeof OPTIONS)[number]["name"];

const { accessKey, secretKey, securityToken, token } = ENV_VARS;
export const CREDENTIALS_NOTE = `Credentials come from the environment only (never flags, which leak into shell history):
${[0, 1].map((i) => `${accessKey[i]}/${secretKey[i]}[/${securityToken[i]}]`).join(", ")}, ${token.join(" or ")}.`;

/** Exit codes of `dcs-jobs`, for CI scripts. */
export const EXIT = { ok: 0, jobFailed: 1, usage: 2, timeout: 3, error: 4 } as const;

/** A Record over EXIT's keys, so a new code cannot go undocumented. */
export const EXIT_MEANING: Record<keyof typeof EXIT, string> = {
    ok: "success",
    jobFailed: "job failed",
    usage: "usage or configuration error",
    timeout: "timeout (the job may still be running: wait picks it up)",
    error: "other error",
};
