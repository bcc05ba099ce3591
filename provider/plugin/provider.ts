/**
 * The `dcs` provider plugin's resource provider (`@pulumi/pulumi/provider`): what Python, Go and YAML
 * programs talk to. Each method calls the same runtime entry points as the TypeScript classes'
 * dynamic-provider shim, with the kind named by the resource's type token.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { DcsConfigError } from "../dcs";
import * as runtime from "../resources/runtime";
import { KINDS, ResourceKind } from "../resources/runtime/kinds";
import { internalKeys } from "../resources/runtime/kind";
import { HIDDEN, hideInternal } from "../resources/runtime/state-keys";
import { packageVersion } from "../version";
import { construct } from "./components";
import { COMPONENT_PARTS, PACKAGE, PARTS_MODULE, PLUGIN_COMPONENTS, PLUGIN_CUSTOM_RESOURCES } from "./resources";

type Props = Record<string, unknown>;

/** A resource's URN: `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`. */
interface UrnParts {
    stack: string;
    project: string;
    type: string;
    name: string;
}

/** The parts of a URN this provider needs: its kind (from the type token), and the owner name progress lines use. */
export function parseUrn(urn: string): UrnParts {
    const match = /^urn:pulumi:([^:]+)::([^:]+)::(.+)::([^]*)$/.exec(urn);
    if (!match) throw new DcsConfigError("urn", `is not a Pulumi URN: ${JSON.stringify(urn)}`);
    const [, stack, project, types, name] = match;
    return { stack, project, type: types.slice(types.lastIndexOf("$") + 1), name };
}

/** The kind a URN's type token names, if this provider serves it as a custom resource, and whether it is a component's part. */
function kindOf(urn: string | UrnParts): { kind: ResourceKind; part: boolean } {
    const { type } = typeof urn === "string" ? parseUrn(urn) : urn;
    const [pkg, module, kind] = type.split(":");
    if (pkg === PACKAGE && module === "index" && (PLUGIN_CUSTOM_RESOURCES as readonly string[]).includes(kind))
        return { kind: kind as ResourceKind, part: false };
    if (pkg === PACKAGE && module === PARTS_MODULE && (COMPONENT_PARTS as readonly string[]).includes(kind)) return { kind: kind as ResourceKind, part: true };
    throw new DcsConfigError(
        "type",
        `${type} is not a resource the dcs provider serves (it serves ${PLUGIN_CUSTOM_RESOURCES.map((k) => `${PACKAGE}:index:${k}`).join(", ")}, and constructs ${PLUGIN_COMPONENTS.map((k) => `${PACKAGE}:index:${k}`).join(", ")})`,
    );
}

/** The `dcs` provider: its schema, `check` … `delete` of its custom resources, and `construct` of its components. */
export class DcsProvider implements provider.Provider {
    readonly version = packageVersion();

    /** The schema as a string property: @pulumi/pulumi before `getSchema` (3.139.0, the peer floor) reads only this. */
    constructor(readonly schema: string) {}

    /**
     * The class sets `owner` and `declaredUrn` in TypeScript; here they come from the URN. A component's
     * parts are registered by `construct` with them set, and take their inputs as given.
     */
    async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
        const parts = parseUrn(urn);
        const { kind, part } = kindOf(parts);
        const { project, stack, name } = parts;
        const inputs = part
            ? news
            : { ...hideInternal(KINDS[kind], { owner: `${project}/${stack}/${name}`, declaredUrn: urn }), ...withoutInternal(kind, news) };
        const result = await runtime.check(kind, olds, inputs);
        return { inputs: result.inputs, failures: result.failures };
    }

    async diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
        const result = await runtime.diff(kindOf(urn).kind, id, olds, news);
        return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: false };
    }

    async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
        return runtime.create(kindOf(urn).kind, inputs);
    }

    async read(id: string, urn: string, props: Props): Promise<provider.ReadResult> {
        return runtime.read(kindOf(urn).kind, id, props);
    }

    async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        return runtime.update(kindOf(urn).kind, id, olds, news);
    }

    async delete(id: string, urn: string, props: Props): Promise<void> {
        return runtime.delete(kindOf(urn).kind, id, props);
    }

    /** `MasterStandbySwap` and `DcsJob`: a component with its intent and its operation (`components.ts`). */
    async construct(name: string, type: string, inputs: Props, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
        return construct(name, type, inputs, options);
    }
}

/** A program cannot set what the class sets: such a value is dropped (by either name), and check's own values win. */
function withoutInternal(kind: ResourceKind, news: Props): Props {
    const internal = internalKeys(KINDS[kind]).flatMap((key) => [key, `${HIDDEN}${key}`]);
    return Object.fromEntries(Object.entries(news ?? {}).filter(([key]) => !internal.includes(key)));
}
