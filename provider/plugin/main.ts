#!/usr/bin/env node
/**
 * `pulumi-resource-dcs`: the `dcs` provider plugin. The engine starts it and talks gRPC to the port
 * it prints (`@pulumi/pulumi/provider` `main`).
 */
import * as provider from "@pulumi/pulumi/provider";
import { configure } from "../resources/runtime";
import type { ConfigSource } from "../resources/runtime/settings";
import { DcsProvider } from "./provider";
import schema from "./schema.json";

/**
 * Stack config reaches a Node provider plugin as `PULUMI_CONFIG`, not through `Configure`, whose
 * variables the Node provider server drops: a JSON object of the provider's own keys, without the
 * namespace (`{"region": "eu-de"}` for `dcs:region`; seen from pulumi v3.274.1).
 */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ConfigSource {
    let config: Record<string, unknown> = {};
    try {
        config = env.PULUMI_CONFIG ? (JSON.parse(env.PULUMI_CONFIG) as Record<string, unknown>) : {};
    } catch {
        // Not ours to judge: the engine writes it. Without it, every key falls back to the environment.
    }
    return {
        get: (key) => {
            const value = config[key.replace(/^dcs:/, "")];
            return typeof value === "string" ? value : undefined;
        },
    };
}

export async function main(args: string[]): Promise<void> {
    await configure({ config: configFromEnvironment() });
    await provider.main(new DcsProvider(JSON.stringify(schema)), args);
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((error: Error) => {
        console.error(`pulumi-resource-dcs: ${error.message}`);
        process.exit(1);
    });
}
