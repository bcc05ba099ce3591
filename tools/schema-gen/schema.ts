/**
 * The Pulumi package schema of the `dcs` provider plugin, generated from the same sources as the
 * TypeScript classes: each kind's field table (which inputs, required or not, what a change does,
 * internal or not), the types and doc comments TypeScript sees on the public classes and their
 * Args, and the `dcs:*` config table. Nothing in the schema is written by hand, so a field added
 * to a table is in the schema, and in every SDK generated from it, with no other edit.
 */
import * as ts from "typescript";
import { join } from "path";
import { KINDS } from "../../provider/resources/runtime/kinds";
import { CONFIG_KEYS, ConfigKeySpec } from "../../provider/resources/runtime/config-keys";
import type { Fields } from "../../provider/resources/runtime/fields/field";
import { PACKAGE as PACKAGE_NAME, PLUGIN_RESOURCES } from "../../provider/plugin/resources";
import { TypeMapper, TypeSpec, capitalize, described, nonNullish } from "./types";

/** A property of a resource, type or the provider, as the schema spells it. */
export interface PropertySpec extends TypeSpec {
    description?: string;
    secret?: boolean;
    replaceOnChanges?: boolean;
}

/** A resource (or the provider) in the schema. */
export interface ResourceSpec {
    description?: string;
    isComponent?: boolean;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs: string[];
    properties: Record<string, PropertySpec>;
    required: string[];
}

/** The subset of Pulumi's `PackageSpec` this package uses (pkg/codegen/schema). */
export interface PackageSpec {
    name: string;
    displayName: string;
    version: string;
    description: string;
    license: string;
    repository: string;
    keywords: string[];
    config: { variables: Record<string, PropertySpec> };
    provider: ResourceSpec;
    resources: Record<string, ResourceSpec>;
    types: Record<string, unknown>;
    language: Record<string, unknown>;
}

/** Where the sources are: the repository root by default; a test points it at an edited copy. */
export interface SchemaSources {
    /** The folder holding `provider/` and `tsconfig.json`. */
    root: string;
    /** The kinds, as the runtime defines them (required, on-change, internal are read from these). */
    kinds?: Record<string, { fields: Fields; outputs: readonly string[] }>;
}

/** Builds the schema: TypeScript reads the sources for types and doc comments; the kinds give the rest. */
export function generateSchema(sources: SchemaSources): PackageSpec {
    const kinds: Record<string, { fields: Fields }> = sources.kinds ?? KINDS;
    const program = loadProgram(sources.root);
    const checker = program.getTypeChecker();
    const rootModule = moduleExports(program, checker, join(sources.root, "provider", "index.ts"));
    const types = new TypeMapper(checker, PACKAGE_NAME);
    const pkg = readPackageJson(sources.root);

    const resources: Record<string, ResourceSpec> = {};
    for (const [kind, { component }] of Object.entries(PLUGIN_RESOURCES)) {
        const definition = kinds[kind];
        if (!definition) throw new Error(`no kind ${kind} in the runtime's KINDS`);
        resources[`${PACKAGE_NAME}:index:${kind}`] = resourceSpec(kind, definition, component, rootModule, checker, types);
    }

    const variables = configProperties();
    return {
        name: PACKAGE_NAME,
        displayName: "DCS jobs",
        version: pkg.version,
        description:
            "Master/standby switchovers, client IP pass-through and other DCS (Distributed Cache Service) jobs on Open Telekom Cloud and Huawei Cloud, exactly once.",
        license: pkg.license,
        repository: pkg.repository,
        keywords: ["pulumi", "dcs", "redis", "otc", "huaweicloud", "category/database", "kind/native"],
        config: { variables },
        provider: {
            description: "The `dcs` provider: where DCS is and how to sign in. Each key falls back to its environment variables.",
            inputProperties: variables,
            requiredInputs: [],
            properties: Object.fromEntries(Object.entries(variables).filter(([, spec]) => !spec.secret)),
            required: [],
        },
        resources,
        types: types.definitions(),
        language: {
            python: { packageName: "pulumi_dcs", requires: { pulumi: ">=3.139.0,<4.0.0" }, respectSchemaVersion: true },
            go: { importBasePath: "github.com/pulumi-dcs-jobs/pulumi-dcs-jobs/sdk/go/dcs", generateResourceContainerTypes: false },
            nodejs: { packageName: "@pulumi-dcs-jobs/dcs", respectSchemaVersion: true },
        },
    };
}

function resourceSpec(
    kind: string,
    definition: { fields: Fields },
    component: boolean,
    rootModule: Map<string, ts.Symbol>,
    checker: ts.TypeChecker,
    types: TypeMapper,
): ResourceSpec {
    const classSymbol = rootModule.get(kind);
    const argsSymbol = rootModule.get(`${kind}Args`);
    if (!classSymbol || !argsSymbol) throw new Error(`provider/index.ts exports no ${kind} or ${kind}Args`);
    const argsType = checker.getDeclaredTypeOfSymbol(argsSymbol);
    const instanceType = checker.getDeclaredTypeOfSymbol(classSymbol);

    const inputProperties: Record<string, PropertySpec> = {};
    const requiredInputs: string[] = [];
    for (const [name, field] of Object.entries(definition.fields)) {
        if (field.internal) continue;
        const property = argsType.getProperty(name);
        if (!property) throw new Error(`${kind}Args has no ${name}, though the field table does (is provider/ built from these sources?)`);
        inputProperties[name] = {
            ...types.map(unwrapInput(checker.getTypeOfSymbol(property)), `${kind}${capitalize(name)}`),
            ...described(property, checker),
            ...(field.onChange === "replace" && !component ? { replaceOnChanges: true } : {}),
        };
        if (field.required) requiredInputs.push(name);
    }

    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(instanceType)) {
        const name = property.getName();
        const outputType = outputValueType(checker, property);
        if (!outputType || name === "urn" || name === "id") continue;
        const { parts, optional } = nonNullish(outputType);
        properties[name] = { ...types.map(parts, `${kind}${capitalize(name)}`), ...described(property, checker) };
        // An echoed input is present as the input was (`unknown` cannot say `| undefined`).
        const field = definition.fields[name];
        if (field ? field.required : !optional) required.push(name);
    }
    return {
        ...described(classSymbol, checker),
        ...(component ? { isComponent: true } : {}),
        inputProperties,
        requiredInputs,
        properties,
        required: required.sort(),
    };
}

function configProperties(): Record<string, PropertySpec> {
    const entries = Object.entries(CONFIG_KEYS as Record<string, ConfigKeySpec>).map(([key, spec]): [string, PropertySpec] => {
        const env = spec.env?.length ? ` Environment: ${spec.env.map((name) => `\`${name}\``).join(", ")}.` : "";
        return [key, { type: spec.type, description: `${spec.description}${env}`, ...(spec.secret ? { secret: true } : {}) }];
    });
    return Object.fromEntries(entries);
}

/** `pulumi.Input<T>` is `T | Promise<T> | OutputInstance<T>`: T is what is left without the wrappers and nullish parts. */
function unwrapInput(type: ts.Type): ts.Type[] {
    return nonNullish(type).parts.filter((part) => !isWrapper(part));
}

function isWrapper(type: ts.Type): boolean {
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    return name === "Promise" || name === "OutputInstance" || name === "Output";
}

/** The T of a class member `pulumi.Output<T>` (declared, or merged from `OutputsOf`), or undefined for a non-output. */
function outputValueType(checker: ts.TypeChecker, property: ts.Symbol): ts.Type | undefined {
    const type = checker.getTypeOfSymbol(property);
    // `Output<T>` is `OutputInstance<T> & Lifted<T>`, and `Lifted` distributes over a union T.
    const members = type.isUnion() ? type.types : [type];
    const parts = members.flatMap((member) => (member.isIntersection() ? member.types : [member]));
    for (const part of parts) {
        if (part.getSymbol()?.getName() !== "OutputInstance") continue;
        const [value] = checker.getTypeArguments(part as ts.TypeReference);
        if (value) return value;
    }
    return undefined;
}

function loadProgram(root: string): ts.Program {
    const configPath = join(root, "tsconfig.json");
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
    return ts.createProgram({ rootNames: [join(root, "provider", "index.ts")], options: { ...parsed.options, noEmit: true } });
}

function moduleExports(program: ts.Program, checker: ts.TypeChecker, file: string): Map<string, ts.Symbol> {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${file}`);
    const exports = new Map<string, ts.Symbol>();
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
        exports.set(symbol.getName(), symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
    }
    return exports;
}

function readPackageJson(root: string): { version: string; license: string; repository: string } {
    const pkg = JSON.parse(ts.sys.readFile(join(root, "package.json")) ?? "{}");
    const repository = typeof pkg.repository === "string" ? pkg.repository : String(pkg.repository?.url ?? "");
    return { version: pkg.version, license: pkg.license, repository: repository.replace(/^git\+/, "").replace(/\.git$/, "") };
}
