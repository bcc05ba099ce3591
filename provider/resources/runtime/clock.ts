import { Clock, systemClock } from "../../dcs";

let current: Clock = systemClock;

/**
 * The runtime's one clock: every deadline, grace, look, retry and budget wait of a create or update
 * is measured and slept on it. `systemClock` (monotonic `now()`, wall time only where persisted);
 * tests of the runtime replace it with a virtual one through `useRuntimeClock`.
 */
export function runtimeClock(): Clock {
    return current;
}

/**
 * Test only (not exported from the runtime's entry): runs the runtime on `clock` until the returned
 * function puts the previous clock back. Swap it between runs, never during one: a deadline taken on
 * one clock means nothing on another.
 */
export function useRuntimeClock(clock: Clock): () => void {
    const previous = current;
    current = clock;
    return () => {
        current = previous;
    };
}
