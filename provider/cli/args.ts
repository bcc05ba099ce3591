import { ParseArgsConfig, parseArgs } from "node:util";
import { DcsCloud } from "../dcs";
import { parseDuration } from "../jobs";
import { UsageError } from "./errors/usage-error";
import { ArgSpec, COMMANDS, CommandName, OPTIONS, OptionName } from "./spec";

/** A command line that runs a command. */
export interface RunCommand {
    command: CommandName;
    /** Job id (wait, status) or instance id (swap, client-ip). */
    target: string;
    /** client-ip only. */
    enabled?: boolean;
    json: boolean;
    /** Epoch ms: `--timeout` turned into one deadline when the command line was read, shared by every call after. */
    deadline: number;
    connection: { endpoint?: string; region?: string; cloud?: DcsCloud; projectId?: string };
}

/** A parsed `dcs-jobs` command line. `about` names the command whose help was asked for. */
export type CliCommand = { command: "help"; about?: CommandName } | { command: "version" } | RunCommand;

const PARSE_OPTIONS: ParseArgsConfig["options"] = Object.fromEntries(
    OPTIONS.map((o) => [o.name, { type: o.type, ...("short" in o && { short: o.short }), ...("default" in o && { default: o.default }) }]),
);

type OptionToken = { kind: "option"; name: string; rawName: string; value?: string; inlineValue?: boolean };

/** Reads `argv` (without node and the script); `now` is when the `--timeout` starts counting. */
export function parseCommandLine(argv: readonly string[], now: number): CliCommand {
    // Non-strict, so that the checks below, not Node's wording, name a bad flag; they reject all that strict mode does.
    const { values, positionals, tokens } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, strict: false, allowPositionals: true, tokens: true });
    const [name, ...args] = positionals;
    const spec = COMMANDS.find((c) => c.name === name);
    for (const token of tokens) if (token.kind === "option") checkOption(token, spec?.name);
    if (values.help) return { command: "help", about: spec?.name };
    if (values.version) return { command: "version" };
    if (name === undefined) throw new UsageError("missing command");
    if (!spec) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    (spec.args as readonly ArgSpec[]).forEach((arg, i) => {
        const value = args[i];
        if (!arg.choices) {
            if (!value) throw new UsageError(`${spec.name} needs ${arg.noun ?? arg.name}`, spec.name);
        } else if (!arg.choices.includes(value)) {
            const choices = arg.choices.map((c) => JSON.stringify(c)).join(" or ");
            throw new UsageError(`${spec.name} needs ${choices}, got ${JSON.stringify(value ?? "")}`, spec.name);
        }
    });
    if (args.length > spec.args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[spec.args.length])}`, spec.name);

    const text = (option: OptionName) => values[option] as string | undefined;
    return {
        command: spec.name,
        target: args[0],
        enabled: spec.name === "client-ip" ? args[1] === "on" : undefined,
        json: values.json === true,
        deadline: now + parseTimeout(text("timeout")!, spec.name),
        connection: { endpoint: text("endpoint"), region: text("region"), cloud: text("cloud") as DcsCloud | undefined, projectId: text("project-id") },
    };
}

/** Unknown flags, missing or stray values and values outside `choices`, each named as typed. */
function checkOption(token: OptionToken, command: CommandName | undefined): void {
    const spec = OPTIONS.find((o) => o.name === token.name);
    if (!spec) throw new UsageError(`unknown option ${token.rawName}`, command);
    if (spec.type === "boolean") {
        if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`, command);
        return;
    }
    const placeholder = "choices" in spec ? spec.choices.join("|") : spec.value;
    // Non-strict parsing reads "--timeout --json" as a timeout of "--json"; strict mode calls that ambiguous, and so do we.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) {
        throw new UsageError(`missing value for ${token.rawName} ${placeholder}`, command);
    }
    if ("choices" in spec && !(spec.choices as readonly string[]).includes(token.value)) {
        throw new UsageError(`${token.rawName} must be ${spec.choices.join(" or ")}, got ${JSON.stringify(token.value)}`, command);
    }
}

function parseTimeout(text: string, command: CommandName): number {
    const ms = parseDuration(text) ?? NaN;
    if (!(ms > 0)) throw new UsageError(`--timeout must be a duration such as 30m or 90s, got ${JSON.stringify(text)}`, command);
    return ms;
}
