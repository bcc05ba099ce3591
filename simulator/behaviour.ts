import { ApiBehaviour, CLOUDS } from "./types";
import { DcsError } from "../provider/dcs/errors";

/**
 * The defaults take the harsher reading wherever the API references are silent (see simulator/README.md,
 * "API behaviour: strict by default"), so that a client tested
 * here does not come to rely on a kindness the real API may not offer: oldest tasks first (page 1
 * misses the newest), `start_time` ignored, new tasks listed only after a second, and the
 * synchronous swap not listed at all.
 */
export const DEFAULT_API_BEHAVIOUR: Readonly<ApiBehaviour> = Object.freeze({
    cloud: "huaweicloud",
    taskSortOrder: "asc",
    honourTaskStartTime: false,
    taskAppearDelayMs: 1000,
    serverClockSkewMs: 0,
    syncSwapListsTask: false,
});

/** The simulator's task listing before it turned strict; spread into `startSimulator` options. */
export const FRIENDLY_TASK_LISTING: Readonly<Pick<ApiBehaviour, "taskSortOrder" | "honourTaskStartTime" | "taskAppearDelayMs" | "syncSwapListsTask">> =
    Object.freeze({
        taskSortOrder: "desc",
        honourTaskStartTime: true,
        taskAppearDelayMs: 0,
        syncSwapListsTask: true,
    });

export const BEHAVIOUR_FIELDS = Object.keys(DEFAULT_API_BEHAVIOUR) as (keyof ApiBehaviour)[];

const CHECKS: Record<keyof ApiBehaviour, [(v: unknown) => boolean, string]> = {
    cloud: [(v) => CLOUDS.includes(v as never), `one of ${CLOUDS.join(", ")}`],
    taskSortOrder: [(v) => v === "asc" || v === "desc", `"asc" or "desc"`],
    honourTaskStartTime: [(v) => typeof v === "boolean", "boolean"],
    taskAppearDelayMs: [(v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a number of milliseconds >= 0"],
    serverClockSkewMs: [(v) => typeof v === "number" && Number.isFinite(v), "a number of milliseconds (may be negative)"],
    syncSwapListsTask: [(v) => typeof v === "boolean", "boolean"],
};

/** Checks a partial behaviour from JSON or options; undefined values are dropped (they mean "unset"). */
export function validateBehaviour(value: unknown, where = "behaviour"): Partial<ApiBehaviour> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DcsError(`${where}: expected a JSON object`);
    const result: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
        const check = CHECKS[key as keyof ApiBehaviour];
        if (!check) throw new DcsError(`${where}: unknown field "${key}" (known: ${BEHAVIOUR_FIELDS.join(", ")})`);
        if (v === undefined) continue;
        // "options.cloud", but "scenario file x.json: cloud" for a file's top level.
        if (!check[0](v)) throw new DcsError(`${where}${where.endsWith(":") ? " " : "."}${key}: expected ${check[1]}`);
        result[key] = v;
    }
    return result as Partial<ApiBehaviour>;
}

/** The behaviour fields of an object that also holds other things (options, a scenario file). */
export function pickBehaviour(o: object): Partial<ApiBehaviour> {
    return Object.fromEntries(Object.entries(o).filter(([k, v]) => BEHAVIOUR_FIELDS.includes(k as keyof ApiBehaviour) && v !== undefined));
}

/** One line for logs and the CLI banner. */
export function describeBehaviour(b: ApiBehaviour): string {
    return (
        `cloud ${b.cloud}; tasks ${b.taskSortOrder === "asc" ? "oldest" : "newest"} first, ` +
        `start_time ${b.honourTaskStartTime ? "honoured" : "ignored"}, listed after ${b.taskAppearDelayMs} ms, ` +
        `sync swaps ${b.syncSwapListsTask ? "listed" : "unlisted"}; clock skew ${b.serverClockSkewMs} ms`
    );
}
