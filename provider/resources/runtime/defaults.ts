/** Defaults and limits of the provider runtime, in one place. Milliseconds throughout. */

/** The shortest `timeout` an input may ask for: less leaves no time for a single answer. */
export const MIN_TIMEOUT_MS = 1000;
/** The longest `timeout` an input may ask for: a run longer than a day is a stuck run. */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** How long a preview waits for ShowInstance (with its retries) before it gives up checking. */
export const PREFLIGHT_DEADLINE_MS = 20_000;

/**
 * DCS publishes no rate limit (only the gateway's 429 `APIG.0308`:
 * https://github.com/opentelekomcloud-docs/api-gateway/blob/main/umn/source/published_api_calling/error_codes.rst);
 * 20 req/s is the throttling threshold we plan for. Lower it with dcs:maxRequestsPerSecond if your account sees 429s.
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 20;

/** The highest `dcs:maxRequestsPerSecond` accepted: far above any gateway limit, so a typo is caught. */
export const MAX_REQUESTS_PER_SECOND_LIMIT = 1000;

/** How often the engine's port is probed (see `engine-watch.ts`). */
export const ENGINE_PROBE_INTERVAL_MS = 2000;
/** A probe that takes longer counts as alive: slow is not dead. */
export const ENGINE_PROBE_TIMEOUT_MS = 1000;
/** Once the engine is gone, in-flight work gets this long to unwind before the host exits. */
export const ENGINE_EXIT_GRACE_MS = 1000;

/** How long a warning sent to the engine's Log RPC may take before it falls back to a progress line. */
export const ENGINE_LOG_TIMEOUT_MS = 5000;

/** `adoptSwap`: looks again for a swap not listed yet (DCS lists one seconds after accepting it), 1 + 2 + 4 + 8 s, then fails. */
export const ADOPT_LOOK_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000];

/** Instances a fleet preflight reads at once: quick for hundreds, well under the request rate limit. */
export const FLEET_PREFLIGHT_CONCURRENCY = 8;

/** The widest `RollingSwap.maxParallel`: more switchovers at once than this is no longer "rolling". */
export const MAX_PARALLEL_LIMIT = 50;
