import { COMMANDS, CREDENTIALS_NOTE, CommandName, CommandSpec, EXIT, EXIT_MEANING, OPTIONS, OptionSpec } from "./spec";

/** The help text, generated from the tables in spec.ts: global without a command, else that command's. */
export function helpText(command?: CommandName): string {
    const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === command);
    const head = spec
        ? [`Usage: ${commandLine(spec)} [options]`, "", `${capitalise(spec.summary)}.${spec.details ? ` ${spec.details}` : ""}`]
        : ["Usage: dcs-jobs <command> [options]", "", "Commands:", ...table(COMMANDS.map((c) => [commandLine(c).slice("dcs-jobs ".length), c.summary]))];
    const exits = (Object.keys(EXIT) as (keyof typeof EXIT)[]).map((key) => `${EXIT[key]} ${EXIT_MEANING[key]}`);
    return [
        ...head,
        "",
        "Options:",
        ...table(OPTIONS.map((o) => [optionLabel(o), optionDescription(o)])),
        ...(spec ? [] : ["", 'Run "dcs-jobs <command> --help" for one command.']),
        "",
        CREDENTIALS_NOTE,
        "",
        `Exit codes: ${exits.join(", ")}.`,
    ].join("\n");
}

function commandLine(spec: CommandSpec): string {
    return ["dcs-jobs", spec.name, ...spec.args.map((a) => a.name)].join(" ");
}

function optionLabel(option: OptionSpec): string {
    const names = option.short ? `-${option.short}, --${option.name}` : `--${option.name}`;
    const value = option.choices?.join("|") ?? option.value;
    return value ? `${names} ${value}` : names;
}

function optionDescription(option: OptionSpec): string {
    const fallback = option.default ?? option.fallback;
    return fallback === undefined ? option.description : `${option.description} (default: ${fallback})`;
}

function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Two aligned columns, indented by two spaces. */
function table(rows: [string, string][]): string[] {
    const width = Math.max(...rows.map(([left]) => left.length)) + 2;
    return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}
