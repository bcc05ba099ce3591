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

/** A resource the plugin offers (`dcs:index:<kind>`). */
export type PluginResource = keyof typeof PLUGIN_RESOURCES;

const ALL = Object.keys(PLUGIN_RESOURCES) as PluginResource[];

/** The public kinds served as custom resources (`check` … `delete`), and the components served by `construct`. */
export const PLUGIN_CUSTOM_RESOURCES = ALL.filter((kind) => !PLUGIN_RESOURCES[kind].component);
export const PLUGIN_COMPONENTS = ALL.filter((kind) => PLUGIN_RESOURCES[kind].component);

/**
 * The custom resources a component registers as its children: `dcs:parts:<kind>`. They are not in the
 * schema (no SDK offers them), but the engine drives them through this provider like any other.
 */
export const PARTS_MODULE = "parts";
export const COMPONENT_PARTS = ["OperationIntent", "MasterStandbySwap", "DcsJob"] as const;
