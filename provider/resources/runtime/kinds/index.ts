import { KindDefinition } from "../kind";
import { clientIpPassthrough } from "./client-ip-passthrough";
import { dcsJob } from "./dcs-job";
import { fleetPreflight } from "./fleet-preflight";
import { masterStandbySwap } from "./master-standby-swap";
import { operationIntent } from "./operation-intent";
import { rollingSwapResult } from "./rolling-swap-result";

/** Every kind the runtime serves, by name; a new kind is one file in this folder and one line here. */
export const KINDS = {
    MasterStandbySwap: masterStandbySwap,
    ClientIpPassthrough: clientIpPassthrough,
    DcsJob: dcsJob,
    OperationIntent: operationIntent,
    FleetPreflight: fleetPreflight,
    RollingSwapResult: rollingSwapResult,
} satisfies Record<string, KindDefinition>;

/** The resource kinds of this package, by the name each definition goes by. */
export type ResourceKind = keyof typeof KINDS;
