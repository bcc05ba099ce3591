/**
 * `construct` of the plugin's components, `MasterStandbySwap` and `DcsJob`: the component, then its
 * intent, then its operation, both custom resources of this provider (`dcs:parts:<kind>`). The operation
 * takes the intent's outputs as inputs, so the engine writes the intent to state before the operation's
 * create runs: the exactly-once shape of the TypeScript classes, built from the same functions.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { DcsConfigError } from "../dcs";
import { checkedArgs, resourceProps, validateKnownArgs } from "../resources/common";
import type { DcsJobArgs, MasterStandbySwapArgs } from "../resources/args";
import { dcsJobInputs, dcsJobIntentArgs } from "../resources/dcs-job";
import { urnOnly } from "../resources/declared-urn";
import { swapInputs, swapIntentArgs } from "../resources/master-standby-swap";
import type { IntentOutputs } from "../resources/operation-intent";
import { KINDS } from "../resources/runtime/kinds";
import { COMPONENT_PARTS, PACKAGE, PARTS_MODULE, PLUGIN_COMPONENTS, PluginResource } from "./resources";
import schema from "./schema.json";

type Component = Exclude<PluginResource, "ClientIpPassthrough">;
type Part = (typeof COMPONENT_PARTS)[number];
type Props = Record<string, unknown>;

/** A child of a component: one of this provider's custom resources, with every output of its kind declared. */
class ComponentPart extends pulumi.CustomResource {
    constructor(kind: Part, name: string, inputs: object, opts: pulumi.CustomResourceOptions) {
        super(`${PACKAGE}:${PARTS_MODULE}:${kind}`, name, resourceProps(name, KINDS[kind], inputs), opts);
    }
}

/** The component itself: its outputs are its operation's. */
class DcsComponent extends pulumi.ComponentResource {
    publish(outputs: Props): void {
        this.registerOutputs(outputs);
    }
}

/** Registers a component's intent, then its operation, with the TypeScript classes' own functions; returns the operation. */
function registerParts(kind: Component, name: string, args: Props, opts: pulumi.CustomResourceOptions, declaredUrn: pulumi.Input<string>): Props {
    const part = (of: Part, partName: string, inputs: object) => new ComponentPart(of, partName, inputs, opts) as unknown as Props;
    // `construct` checked the known inputs against the kind's table first: they are the class's Args.
    if (kind === "MasterStandbySwap") {
        const swap = args as unknown as MasterStandbySwapArgs;
        const intent = part("OperationIntent", `${name}-intent`, swapIntentArgs(swap)) as IntentOutputs;
        return part(kind, name, swapInputs(swap, intent, declaredUrn));
    }
    const job = args as unknown as DcsJobArgs;
    const intent = part("OperationIntent", `${name}-intent`, dcsJobIntentArgs(job)) as IntentOutputs;
    return part(kind, name, { ...dcsJobInputs(job, intent), declaredUrn });
}

/** The component a type token names, or an error naming what this provider constructs. */
function componentOf(type: string): Component {
    const kind = type.startsWith(`${PACKAGE}:index:`) ? type.slice(`${PACKAGE}:index:`.length) : "";
    if ((PLUGIN_COMPONENTS as readonly string[]).includes(kind)) return kind as Component;
    throw new DcsConfigError(
        "type",
        `${type} is not a component the dcs provider constructs (it constructs ${PLUGIN_COMPONENTS.map((k) => `${PACKAGE}:index:${k}`).join(", ")})`,
    );
}

/** The component's outputs, as the schema lists them: each the same output of its operation. */
function outputNames(kind: Component): string[] {
    const resources = schema.resources as Record<string, { properties: Record<string, unknown> }>;
    return Object.keys(resources[`${PACKAGE}:index:${kind}`].properties);
}

/** Builds a component in the engine's construct call: checks the known inputs, then registers intent and operation. */
export async function construct(name: string, type: string, inputs: Props, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
    const kind = componentOf(type);
    // A bad input is named before anything registers (a value from another resource is checked by the part's own `check`).
    checkedArgs(kind, name, () => validateKnownArgs(KINDS[kind], inputs));
    const component = new DcsComponent(type, name, {}, options);
    // As the classes do for `<name>-intent`: explicit dependencies hold both parts, so the baseline is read when the operation is about to run.
    const partOpts = { parent: component, dependsOn: options.dependsOn, protect: options.protect, retainOnDelete: options.retainOnDelete };
    const operation = registerParts(kind, name, inputs, partOpts, urnOnly(component.urn));
    const state = Object.fromEntries(outputNames(kind).map((key) => [key, operation[key]]));
    component.publish(state);
    return { urn: component.urn, state };
}
