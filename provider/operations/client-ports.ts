import { Clock, DcsClient, DcsError, isMissingApi, masterOf, systemClock } from "../dcs";
import { InstanceViews } from "./instance-checks";
import { Journal, noJournal } from "./journal";
import { OperationPorts } from "./target";

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
        instances: clientInstanceViews(client),
        journal: options.journal ?? noJournal,
        log: options.log ?? (() => {}),
        signal: options.signal,
    };
}

/** ShowInstance, and the master from the node list where the cloud has one. */
export function clientInstanceViews(client: DcsClient): InstanceViews {
    return {
        show: (instanceId, o) => client.showInstance(instanceId, o),
        master: (instanceId, o) =>
            client.showNodes(instanceId, o).then(
                (nodes) => {
                    const master = masterOf(nodes);
                    // Mid-switchover DCS may show no master, or two: that is no answer, not "no roles here".
                    if (!master) throw new DcsError(`the node list of instance ${instanceId} shows no single master`);
                    return master;
                },
                (error) => {
                    if (isMissingApi(error)) return undefined;
                    throw error;
                },
            ),
    };
}
