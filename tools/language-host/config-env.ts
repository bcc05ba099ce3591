/**
 * The environment `@pulumi/pulumi/cmd/run` reads stack config from. Keys arrive as `ns:name`;
 * the SDK also understands the older `ns:config:name`, which Pulumi's own host sends, so we do too.
 */
export function configEnv(config: Record<string, string>, secretKeys: string[]): Record<string, string> {
    const legacy: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const match = /^([^:]+):(?:config:)?(.+)$/.exec(key);
        legacy[match ? `${match[1]}:config:${match[2]}` : key] = value;
    }
    return { PULUMI_CONFIG: JSON.stringify(legacy), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}
