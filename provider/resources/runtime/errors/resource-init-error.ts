import { DcsError } from "../../../dcs";

/**
 * An error the dynamic-provider host turns into `ErrorResourceInitFailed`: the engine then records
 * the resource with `id` and `properties` (so an accepted job is never lost) and, on the next
 * `pulumi up`, calls `update` to continue (`grpcResponseFromError` in
 * https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/dynamic-provider/index.ts; `hasInitErrors` in
 * https://github.com/pulumi/pulumi/blob/master/pkg/resource/deploy/step_generator.go).
 */
export class ResourceInitError extends DcsError {
    readonly id: string;
    readonly properties: Record<string, unknown>;
    readonly reasons: string[];

    /** `cause` stays the typed error (with its fields); `message` may add what Pulumi cannot know. */
    constructor(id: string, properties: Record<string, unknown>, cause: Error, message: string = cause.message) {
        super(message, { cause });
        this.id = id;
        this.properties = properties;
        this.reasons = [message];
    }
}
