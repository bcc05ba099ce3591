/**
 * pulumi-dcs-jobs: Pulumi dynamic resources for DCS (Distributed Cache Service) jobs.
 * Layers: `dcs` (HTTP, signing, errors, API calls) → `jobs` (waiting) → `operations` (exactly-once lifecycle) → `resources` (Pulumi shims, runtime).
 */
export * from "./dcs";
export * from "./jobs";
export * from "./operations";
export * from "./resources";
