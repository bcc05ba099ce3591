import { Clock, DcsClient, systemClock } from "../dcs";
import { Journal, noJournal } from "./journal";
import { OperationPorts } from "./lifecycle";

/** Binds the lifecycle to a real `DcsClient`. */
export function clientPorts(
    client: DcsClient,
    options: { journal?: Journal; log?: (message: string) => void; signal?: AbortSignal; clock?: Clock } = {},
): OperationPorts {
    return {
        clock: options.clock ?? systemClock,
        trigger: (spec, o) => client.trigger(spec, o),
        jobs: client,
        tasks: client,
        journal: options.journal ?? noJournal,
        log: options.log ?? (() => {}),
        signal: options.signal,
    };
}
