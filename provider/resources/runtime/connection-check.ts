import { DcsConfigError } from "../../dcs";
import { ConnectionInputs } from "./fields/shared";
import { CheckFailure, KindDefinition } from "./kind";
import { clientFor } from "./settings";
import { containsUnknown } from "./unknown";

const CONNECTION_INPUTS = ["projectId", "region", "endpoint"] as const;

/**
 * Resolves the connection `up` will use, offline, so that what preview accepts `up` can connect
 * with (a region without DCS, such as eu-ch2, fails here and not at create). Settings not given at
 * all (credentials, project) are left to `up`: a preview may run without them.
 */
export function connectionFailures(definition: KindDefinition, inputs: ConnectionInputs): CheckFailure[] {
    if (!definition.checksConnection || CONNECTION_INPUTS.some((k) => containsUnknown(inputs[k]))) return [];
    try {
        clientFor(inputs);
        return [];
    } catch (error) {
        if (!(error instanceof DcsConfigError) || error.field === "dcs:accessKey") return [];
        const reason = error.problem;
        // Settings not given at all are `up`'s to report; a value given but unusable fails now.
        if (reason.startsWith("is required")) return [];
        // A resource input that caused it is named as such; otherwise the stack config key.
        const input = CONNECTION_INPUTS.find((k) => inputs[k] !== undefined && error.field === `dcs:${k}`);
        return [{ property: input ?? error.field, reason }];
    }
}
