import { DcsConfigError } from "./errors";
import { assertEndpoint, assertInstanceId, assertProjectId } from "./validate";

/**
 * The one set of rules for the path of a free-form job call (`DcsJob.path`, `DcsClient.triggerJob`),
 * used by preview (`check`) and by the client alike, so that what preview accepts is what `up`
 * sends. A path is `/v2/{project_id}/…` or `/v2/<project id>/…`; `{instance_id}` (a whole segment)
 * is filled from `instanceId`. Everything a URL parser or a gateway could rewrite into another path
 * (dot segments, `..` anywhere in a segment, encoded dots or slashes, backslashes) is refused.
 */

/** The longest path accepted; real DCS paths stay well under 200 characters. */
export const MAX_JOB_PATH_LENGTH = 1024;

/** What is known about the call when its path is checked. */
export interface JobPathContext {
    /** The configured project id: a literal project id in the path must equal it. Leave out when not known. */
    projectId?: string;
    /** The `instanceId` input, which fills `{instance_id}`; undefined means the call has none. */
    instanceId?: string;
}

/** What `resolveJobPath` needs to build the path to send. */
export interface ResolveJobPathOptions {
    projectId: string;
    instanceId?: string;
    /** The endpoint the path is sent below; default a neutral https host (the parse check is the same). */
    endpoint?: string;
}

const PROJECT = "{project_id}";
const INSTANCE = "{instance_id}";
// RFC 3986 unreserved characters, ':' and '@', which WHATWG URL parsing leaves as they are; '%' for
// escapes and braces for the placeholders are checked on their own below.
const OTHER_CHAR = /[^A-Za-z0-9\-._~:@%{}/]/;
const NEUTRAL_ENDPOINT = "https://dcs.invalid";

/**
 * Why `path` cannot be a job call's path, as a sentence for a `CheckFailure` reason or a
 * `DcsConfigError("path")`; undefined when it can. Without `context` only the shape is checked;
 * with it, also a literal project id against `context.projectId` and `{instance_id}` against
 * `context.instanceId`.
 */
export function jobPathProblem(path: unknown, context?: JobPathContext): string | undefined {
    if (typeof path !== "string") return `must be a string, got ${path === null ? "null" : typeof path}`;
    return shapeProblem(path) ?? (context && contextProblem(path, context));
}

/**
 * The exact path to send below the endpoint: `{project_id}` and `{instance_id}` filled in, nothing
 * else changed. Throws `DcsConfigError("path")` with `jobPathProblem`'s sentence, and also when the
 * URL the transport would build does not keep that path exactly (a rule above missed something).
 */
export function resolveJobPath(path: string, options: ResolveJobPathOptions): string {
    const projectId = assertProjectId(options.projectId);
    const problem = jobPathProblem(path, { projectId, instanceId: options.instanceId });
    if (problem) throw new DcsConfigError("path", problem);
    const resolved = path
        .split("/")
        .map((segment, i) => (i === 2 ? projectId : segment === INSTANCE ? assertInstanceId(options.instanceId) : segment))
        .join("/");
    assertParsesUnchanged(resolved, projectId, options.endpoint ?? NEUTRAL_ENDPOINT);
    return resolved;
}

function shapeProblem(path: string): string | undefined {
    if (path.length > MAX_JOB_PATH_LENGTH) return `must be at most ${MAX_JOB_PATH_LENGTH} characters, got ${path.length}`;
    if ([...path].some(isSpaceOrControl)) return `must not contain whitespace or control characters, got ${show(path)}`;
    if (/[?#]/.test(path)) return `must not contain a query or fragment ('?' or '#'); send parameters in body, got ${show(path)}`;
    if (path.includes("\\")) return `must not contain '\\' (URL parsers read it as '/'), got ${show(path)}`;
    if (!path.startsWith("/v2/")) return `must be a DCS path such as /v2/{project_id}/instances/<id>/ssl (absolute, no query), got ${show(path)}`;
    const other = OTHER_CHAR.exec(path);
    if (other) {
        return `must contain only letters, digits, '-', '_', '.', '~', ':', '@' and %XX escapes between its '/'s, got ${JSON.stringify(other[0])} in ${show(path)}`;
    }
    const escapeProblem = escapesProblem(path);
    if (escapeProblem) return escapeProblem;
    const segments = path.split("/").slice(1);
    if (segments.length < 3) return `must name a call below /v2/{project_id}/, such as /v2/{project_id}/instances/<id>/ssl, got ${show(path)}`;
    if (segments.includes("")) return `must not contain empty segments ('//' or a trailing '/'), got ${show(path)}`;
    const dotted = segments.find((s) => s === "." || s.includes(".."));
    if (dotted !== undefined) return `must not contain '.' or '..' segments, nor '..' inside a segment, got ${JSON.stringify(dotted)} in ${show(path)}`;
    if (segments[1] !== PROJECT && !isProjectId(segments[1])) {
        return `must have {project_id} or a project id (letters, digits, '-' or '_', at most 64) after /v2/, got ${JSON.stringify(segments[1])}`;
    }
    for (const segment of segments.slice(2)) {
        if (segment === PROJECT) return `may use {project_id} only right after /v2/, got ${show(path)}`;
        if (/[{}]/.test(segment) && segment !== INSTANCE) {
            return `has an unknown placeholder or a stray brace in ${JSON.stringify(segment)}; only {project_id} (after /v2/) and {instance_id} (a whole segment) are filled in`;
        }
    }
    return undefined;
}

/** Servers decode escapes before routing: an encoded '.', '/' or '\' can become a path step. */
function escapesProblem(path: string): string | undefined {
    for (const match of path.matchAll(/%([0-9A-Fa-f]{2})?/g)) {
        if (match[1] === undefined) return `has a '%' that does not start a %XX escape, in ${show(path)}`;
        const byte = parseInt(match[1], 16);
        if (byte === 0x2e || byte === 0x2f || byte === 0x5c || byte === 0x25 || byte < 0x20 || byte === 0x7f) {
            return `must not percent-encode '.', '/', '\\', '%' or a control character (servers decode them into path steps), got ${match[0]} in ${show(path)}`;
        }
    }
    return undefined;
}

function contextProblem(path: string, context: JobPathContext): string | undefined {
    const segments = path.split("/");
    const project = segments[2];
    if (context.projectId !== undefined && project !== PROJECT && project !== context.projectId) {
        return `names project ${project}, but the configured project id is ${context.projectId}; write {project_id} or the configured id`;
    }
    if (context.instanceId === undefined && segments.includes(INSTANCE)) {
        return "uses {instance_id}, but instanceId is not set: set instanceId to the instance whose id fills {instance_id}";
    }
    return undefined;
}

/** Last line of defence: the URL the transport builds (`endpoint + path`) must keep the path exactly. */
function assertParsesUnchanged(path: string, projectId: string, endpoint: string): void {
    const prefix = assertEndpoint(endpoint);
    const base = new URL(prefix);
    const url = new URL(prefix + path);
    const intended = base.pathname.replace(/\/$/, "") + path;
    if (url.origin !== base.origin || url.search !== "" || url.hash !== "" || url.pathname !== intended || !path.startsWith(`/v2/${projectId}/`)) {
        throw new DcsConfigError("path", `would be sent as ${url.pathname} once parsed as a URL, not ${intended}; refusing to send it`);
    }
}

function isProjectId(value: string): boolean {
    try {
        assertProjectId(value);
        return true;
    } catch {
        return false;
    }
}

function isSpaceOrControl(char: string): boolean {
    const code = char.codePointAt(0)!;
    return code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f) || /\s/u.test(char);
}

function show(path: string): string {
    return JSON.stringify(path.length > 120 ? path.slice(0, 117) + "..." : path);
}
