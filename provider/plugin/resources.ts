/** The package name: resource tokens are `dcs:index:<Kind>`, the plugin binary `pulumi-resource-dcs`. */
export const PACKAGE = "dcs";

/** The resources the plugin offers other languages, and how each registers there. */
export const PLUGIN_RESOURCES = {
    /** A component: it registers the swap's `OperationIntent` before the swap, as the TypeScript class does. */
    MasterStandbySwap: { component: true },
    /** A component, for the same reason: the call's intent reaches state before the call is made. */
    DcsJob: { component: true },
    /** Setting a flag is idempotent: no intent, a plain custom resource. */
    ClientIpPassthrough: { component: false },
} as const;

/** The kinds served today as custom resources (`check` … `delete`); the components come with `construct`. */
export const PLUGIN_CUSTOM_RESOURCES = (Object.keys(PLUGIN_RESOURCES) as (keyof typeof PLUGIN_RESOURCES)[]).filter((kind) => !PLUGIN_RESOURCES[kind].component);
