import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./runtime/inputs";

/**
 * The object handed to `dynamic.Resource`. Pulumi serializes it by value into state, so it holds
 * nothing but the kind and one `require` per method: the real code is loaded at run time from the
 * installed package. That keeps `__provider` a few hundred bytes, free of secrets and clients,
 * and lets a package upgrade fix delete/refresh of resources created by older versions.
 */
export function shimFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
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
            return require("pulumi-dcs-jobs/runtime").remove(kind, id, props);
        },
    };
}

/** One shim object per kind: Pulumi caches serialization per provider object. */
export const SHIMS: Record<ResourceKind, pulumi.dynamic.ResourceProvider> = {
    MasterStandbySwap: shimFor("MasterStandbySwap"),
    ClientIpPassthrough: shimFor("ClientIpPassthrough"),
    DcsJob: shimFor("DcsJob"),
    OperationIntent: shimFor("OperationIntent"),
};
