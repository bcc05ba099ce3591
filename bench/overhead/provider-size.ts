/**
 * Size of each resource's serialized `__provider`, produced by the INSTALLED tarball under
 * `pulumi.runtime.setMocks` (test/support/serialized-providers.ts), and a check that it carries no
 * dependency code: its only `require` must be the package's runtime entry point.
 */
import { serializedProviders } from "../../test/support/serialized-providers";

export const SIZE_LIMIT_BYTES = 4096;

/** Text that would only be there if client, signer, waiter or HTTP code had been captured. */
const DEPENDENCY_MARKERS = [
    "node-fetch",
    "createHmac",
    "SDK-HMAC-SHA256",
    "DcsClient",
    "RequestBudget",
    "waitForJob",
    "signRequest",
    "secretKey",
    "X-Auth-Token",
];

export interface ProviderSize {
    kind: string;
    type: string;
    bytes: number;
    requires: string[];
    markersFound: string[];
    /** Within the size limit, requiring only the runtime, no marker. */
    ok: boolean;
}

export async function measureProviderSizes(projectDir: string): Promise<ProviderSize[]> {
    const providers = await serializedProviders(projectDir);
    return Object.entries(providers).map(([kind, p]) => {
        const bytes = Buffer.byteLength(p.provider, "utf8");
        const requires = [...new Set([...p.provider.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))];
        const markersFound = DEPENDENCY_MARKERS.filter((m) => p.provider.includes(m));
        const ok = bytes < SIZE_LIMIT_BYTES && markersFound.length === 0 && requires.every((r) => r === "pulumi-dcs-jobs/runtime");
        return { kind, type: p.type, bytes, requires, markersFound, ok };
    });
}
