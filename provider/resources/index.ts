export { MasterStandbySwap, MasterStandbySwapArgs } from "./master-standby-swap";
export { ClientIpPassthrough, ClientIpPassthroughArgs } from "./client-ip-passthrough";
export { DcsJob, DcsJobArgs } from "./dcs-job";
export { JobResource } from "./job-resource";
export { OperationIntent, OperationIntentArgs } from "./operation-intent";
