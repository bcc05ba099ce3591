/**
 * Which world trait a failing schedule needs: replays it with one trait taken out at a time; the
 * traits whose removal alone makes it pass are its culprits ("combined" when none does alone). A
 * heuristic (a removed trait also shifts the model's coin flips), for grouping failures by cause.
 */
import { driveSchedule } from "./engine";
import { generateSchedule } from "./generate";
import { Schedule } from "./schedule";
import { judge } from "./verdict";
import { PREMISES, World, WorldWhat } from "./world";

/** Each trait: what the schedule looks like without it, or undefined when it does not have it. */
const REMOVALS: Record<string, (s: Schedule, w: World) => Schedule | undefined> = {
    "sync-unlisted": (s, w) => (w.syncListed ? undefined : { ...s, world: { ...w, syncListed: true } }),
    "no-roles": (s, w) => (w.roles ? undefined : { ...s, world: { ...w, roles: true } }),
    "api-change": (s) => (s.phases.some((p) => p.apis) ? { ...s, phases: s.phases.map((p) => ({ ...p, apis: undefined })) } : undefined),
    "alias-rerecord": (s) => (s.phases.some((p) => p.rerecord) ? { ...s, phases: s.phases.map((p) => ({ ...p, rerecord: undefined })) } : undefined),
    retention: (s, w) =>
        w.jobRetentionMs === undefined && w.taskRetentionMs === undefined
            ? undefined
            : { ...s, world: { ...w, jobRetentionMs: undefined, taskRetentionMs: undefined } },
    "foreign-swap": (s, w) => withoutEvents(s, w, "foreign-swap"),
    "clock-step": (s, w) => withoutEvents(s, w, "clock-step"),
    "role-outage": (s, w) => withoutEvents(s, w, "role-outage"),
    replace: (s) => withoutPhase(s, "replace"),
    chained: (s) => withoutPhase(s, "chained"),
};

function withoutEvents(s: Schedule, w: World, kind: WorldWhat["kind"]): Schedule | undefined {
    if (!w.events.some((e) => e.what.kind === kind)) return undefined;
    return { ...s, world: { ...w, events: w.events.filter((e) => e.what.kind !== kind) } };
}

function withoutPhase(s: Schedule, start: string): Schedule | undefined {
    const index = s.phases.findIndex((p) => p.start === start);
    return index < 0 ? undefined : { ...s, phases: s.phases.slice(0, index) };
}

/** The world traits a schedule has. */
export function traitsOf(schedule: Schedule): string[] {
    const world = schedule.world ?? PREMISES;
    return Object.entries(REMOVALS)
        .filter(([, remove]) => remove(schedule, world) !== undefined)
        .map(([trait]) => trait);
}

/** The culprits of a failing world seed (see the file comment). */
export async function attribute(seed: number): Promise<string[]> {
    const schedule = generateSchedule(seed, { world: true });
    const world = schedule.world!;
    const culprits: string[] = [];
    for (const [trait, remove] of Object.entries(REMOVALS)) {
        const without = remove(schedule, world);
        if (!without) continue;
        const verdict = judge(await driveSchedule(without));
        if (verdict.problems.length === 0) culprits.push(trait);
    }
    return culprits.length ? culprits : ["combined"];
}
