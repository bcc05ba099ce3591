import { DcsError } from "../../dcs";

/**
 * Pulumi is creating a resource again under the intent of one that already exists or finished
 * (`--replace`, `--target-replace`, `replaceOnChanges`, a targeted destroy then `up`). A create under
 * that intent could only adopt the earlier operation and report it as new, so it stops first.
 */
export class IntentAlreadyUsedError extends DcsError {
    readonly intentId: string;

    constructor(details: { intentId: string; operation: string; why: string }) {
        super(
            `this resource's intent (${details.intentId}) already belongs to ${details.why}. Pulumi is creating the resource ` +
                `again (--replace, --target-replace, replaceOnChanges or a targeted destroy), and under the same intent it could ` +
                `only adopt that ${details.operation} and report it as new, so nothing was sent. Change \`triggers\` to run the ` +
                `${details.operation} again (if instead the last \`pulumi up\` was interrupted just as it finished, set ` +
                `resolution: { intentId: "${details.intentId}", outcome: "done" })`,
        );
        this.intentId = details.intentId;
    }
}
