/**
 * The environment a program's SDK reads stack config from: `PULUMI_CONFIG` (a JSON object) and
 * `PULUMI_CONFIG_SECRET_KEYS` (a JSON array). Keys arrive as `ns:name`, and the Python and Go SDKs
 * look them up exactly so ("as-sent"). `@pulumi/pulumi/cmd/run` also understands the older
 * `ns:config:name`, which Pulumi's own Node host sends, so the Node runner does too ("legacy").
 */
export function configEnv(config: Record<string, string>, secretKeys: string[], keys: "legacy" | "as-sent" = "legacy"): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const match = keys === "legacy" ? /^([^:]+):(?:config:)?(.+)$/.exec(key) : null;
        out[match ? `${match[1]}:config:${match[2]}` : key] = value;
    }
    return { PULUMI_CONFIG: JSON.stringify(out), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}
