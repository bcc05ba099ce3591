import { parseArgs } from "node:util";
import { FRIENDLY_TASK_LISTING } from "./behaviour";
import { ApiBehaviour, CLOUDS, Cloud } from "./types";
import { DcsError } from "../provider/dcs/errors";

export const USAGE = `Usage: npm run simulator -- [--port 8787] [--host 127.0.0.1] [--scenario file.json]
                             [--rate-limit <requests per second>] [--retry-after <seconds>] [--quiet]
                             [--cloud huaweicloud|otc] [--task-sort asc|desc] [--task-appear-delay <ms>]
                             [--honour-start-time] [--clock-skew=<ms>] [--sync-swap-lists-task] [--friendly-task-listing]`;

export interface CliArgs {
    port: number;
    host: string;
    scenario?: string;
    rate?: number;
    retryAfter?: number;
    quiet: boolean;
    help: boolean;
    /** Only what was given on the command line, so a scenario file's values still apply. */
    behaviour: Partial<ApiBehaviour>;
}

/** Parses the command line; throws with a readable message naming the flag on bad input. */
export function parseCli(argv: string[]): CliArgs {
    const { values } = parseArgs({
        args: argv,
        options: {
            port: { type: "string", default: "8787" },
            host: { type: "string", default: "127.0.0.1" },
            scenario: { type: "string" },
            "rate-limit": { type: "string" },
            "retry-after": { type: "string" },
            quiet: { type: "boolean", default: false },
            cloud: { type: "string" },
            "task-sort": { type: "string" },
            "task-appear-delay": { type: "string" },
            "honour-start-time": { type: "boolean" },
            "sync-swap-lists-task": { type: "boolean" },
            "clock-skew": { type: "string" },
            "friendly-task-listing": { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
        strict: true,
        allowPositionals: false,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DcsError(`--port must be 0..65535, got ${values.port}`);
    const rate = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
    if (rate !== undefined && !(rate > 0)) throw new DcsError(`--rate-limit must be a positive number, got ${values["rate-limit"]}`);
    const retryAfter = values["retry-after"] === undefined ? undefined : Number(values["retry-after"]);
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0))
        throw new DcsError(`--retry-after must be whole seconds, got ${values["retry-after"]}`);
    if (retryAfter !== undefined && rate === undefined) throw new DcsError("--retry-after needs --rate-limit");

    const behaviour: Partial<ApiBehaviour> = values["friendly-task-listing"] ? { ...FRIENDLY_TASK_LISTING } : {};
    if (values.cloud !== undefined) {
        if (!CLOUDS.includes(values.cloud as Cloud)) throw new DcsError(`--cloud must be one of ${CLOUDS.join(", ")}, got ${values.cloud}`);
        behaviour.cloud = values.cloud as Cloud;
    }
    if (values["task-sort"] !== undefined) {
        const order = values["task-sort"];
        if (order !== "asc" && order !== "desc") throw new DcsError(`--task-sort must be asc or desc, got ${order}`);
        behaviour.taskSortOrder = order;
    }
    const delay = milliseconds(values["task-appear-delay"], "--task-appear-delay", false);
    if (delay !== undefined) behaviour.taskAppearDelayMs = delay;
    const skew = milliseconds(values["clock-skew"], "--clock-skew", true);
    if (skew !== undefined) behaviour.serverClockSkewMs = skew;
    if (values["honour-start-time"] !== undefined) behaviour.honourTaskStartTime = values["honour-start-time"];
    if (values["sync-swap-lists-task"] !== undefined) behaviour.syncSwapListsTask = values["sync-swap-lists-task"];

    return { port, host: values.host!, scenario: values.scenario, rate, retryAfter, quiet: values.quiet!, help: values.help!, behaviour };
}

function milliseconds(raw: string | undefined, flag: string, signed: boolean): number | undefined {
    if (raw === undefined) return undefined;
    const ms = Number(raw);
    if (raw.trim() === "" || !Number.isInteger(ms) || (!signed && ms < 0))
        throw new DcsError(`${flag} must be whole milliseconds${signed ? "" : " >= 0"}, got ${raw}`);
    return ms;
}
