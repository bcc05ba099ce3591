import * as pulumi from "@pulumi/pulumi";

/**
 * The URN the resource `name` of `kind` will have: the provider logs its preflight warnings there
 * (`runtime/engine-log.ts`), because the engine does not tell a dynamic provider's `check` its URN.
 * Computed the way the engine does (`pulumi.createUrn`: the parent's type chain, then our type).
 */
export function declaredUrn(name: string, kind: string, opts: pulumi.CustomResourceOptions | undefined): pulumi.Output<string> {
    return urnOnly(pulumi.createUrn(name, `pulumi-nodejs:dynamic/dcs:${kind}`, opts?.parent));
}

/**
 * A URN as a plain value, without the resource it belongs to. An input that carries a component
 * (its `urn`, or one built from it) makes the resource depend on every child of that component,
 * itself included: the program would wait forever. A URN is always known, even at preview.
 */
export function urnOnly(urn: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.output(new Promise<string>((resolve) => urn.apply(resolve)));
}
