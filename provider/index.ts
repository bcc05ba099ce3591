/**
 * pulumi-dcs-jobs: Pulumi dynamic resources for DCS (Distributed Cache Service) jobs.
 * Layers: `dcs` (HTTP, signing, errors, API calls) → `jobs` (waiting) → `resources` (Pulumi shims, runtime).
 */
export * from "./dcs";
export * from "./jobs";
export * from "./resources";
