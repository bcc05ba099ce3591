export { MasterStandbySwap, MasterStandbySwapArgs } from "./master-standby-swap";
export { ClientIpPassthrough, ClientIpPassthroughArgs } from "./client-ip-passthrough";
export { DcsJob, DcsJobArgs } from "./dcs-job";
export { JobResource } from "./job-resource";
export { OperationIntent, OperationIntentArgs } from "./operation-intent";
export { RollingSwap, RollingSwapArgs } from "./rolling-swap";
export { FleetPreflight, FleetPreflightArgs } from "./fleet-preflight";
export { RollingSwapResult, RollingSwapResultArgs } from "./rolling-swap-result";
export { RollingSwapFailedError, FailedSwap } from "./runtime/errors/rolling-swap-failed-error";
