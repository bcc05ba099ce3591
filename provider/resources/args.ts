/**
 * The public `Args` of the resource classes, derived from their kinds' field tables: a field added
 * to a table is an input here, with the table's doc comment, and nothing else is written. Each is
 * an interface (extending the derived types) so that editor hovers and compiler errors name it
 * ("'trigers' does not exist in type 'MasterStandbySwapArgs'"), not the mapped type it equals.
 */
import type { OptionalArgsOf, RequiredArgsOf } from "./runtime/fields/field";
import type { ConnectionFields, PollFields } from "./runtime/fields/shared";
import type { clientIpPassthrough } from "./runtime/kinds/client-ip-passthrough";
import type { dcsJob } from "./runtime/kinds/dcs-job";
import type { masterStandbySwap } from "./runtime/kinds/master-standby-swap";

type SwapFields = typeof masterStandbySwap.fields;
type ClientIpFields = typeof clientIpPassthrough.fields;
type DcsJobFields = typeof dcsJob.fields;

/** Where, how long and how to poll: inputs every job-running resource of this package takes. Each updates in place. */
export interface CommonArgs extends OptionalArgsOf<ConnectionFields & PollFields> {}

/** Inputs of `MasterStandbySwap` (docs/master-standby-swap.md). */
export interface MasterStandbySwapArgs extends RequiredArgsOf<SwapFields>, OptionalArgsOf<SwapFields> {}

/** Inputs of `ClientIpPassthrough` (docs/client-ip-passthrough.md). */
export interface ClientIpPassthroughArgs extends RequiredArgsOf<ClientIpFields>, OptionalArgsOf<ClientIpFields> {}

/** Inputs of `DcsJob` (docs/dcs-job.md). The call (`method`, `path`, `body`, `triggers`) re-runs it; the rest updates in place. */
export interface DcsJobArgs extends RequiredArgsOf<DcsJobFields>, OptionalArgsOf<DcsJobFields> {}
