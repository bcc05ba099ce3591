import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./runtime/kinds";

/**
 * The object handed to `dynamic.Resource`. Pulumi serializes it by value into state, so it holds
 * nothing but the kind and one `require` per method: the real code is loaded at run time from the
 * installed package. That keeps `__provider` a few hundred bytes, free of secrets and clients,
 * and lets a package upgrade fix delete/refresh of resources created by older versions.
 */
function shimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    return {
        async configure(req) {
            return require("pulumi-dcs-jobs/runtime").configure(req);
        },
        async check(olds, news) {
            return require("pulumi-dcs-jobs/runtime").check(kind, olds, news);
        },
        async diff(id, olds, news) {
            return require("pulumi-dcs-jobs/runtime").diff(kind, id, olds, news);
        },
        async create(inputs) {
            return require("pulumi-dcs-jobs/runtime").create(kind, inputs);
        },
        async read(id, props) {
            return require("pulumi-dcs-jobs/runtime").read(kind, id, props);
        },
        async update(id, olds, news) {
            return require("pulumi-dcs-jobs/runtime").update(kind, id, olds, news);
        },
        async delete(id, props) {
            return require("pulumi-dcs-jobs/runtime").delete(kind, id, props);
        },
    };
}

const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** The one shim object of a kind: Pulumi caches serialization per provider object. */
export function shimOf(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    let shim = shims.get(kind);
    if (!shim) shims.set(kind, (shim = shimFor(kind)));
    return shim;
}
