/**
 * Removing credentials from text that came back from a server or a library.
 *
 * Gateways and proxies echo a request (headers, query) in their error pages, and node-fetch puts the
 * URL in a network error's message. That text becomes an error's message, which lands in logs, CI
 * output and Pulumi state; so the transport passes every piece of it (error bodies, codes, request
 * ids, network error messages) through a `Scrubber` first. A pure function of the credentials,
 * apart from the transport, so that it can be tested on many inputs without a server.
 */
import { DcsCredentials } from "./config";
import { MIN_SCRUBBED_SECRET_CHARS } from "./defaults";

/** What takes the place of a removed secret. */
export const REDACTED = "[redacted]";

/** A signature in an echoed `Authorization` header: not a credential, but it should not travel further. */
const SIGNATURE = /Signature=[0-9a-f]{64}/g;

export interface Scrubber {
    /** `text` with every credential (and signature) replaced by `[redacted]`. */
    scrub(text: string): string;
    /** Scrubs, then cuts to `max` characters: in that order, so a secret across the cut leaves no piece behind. */
    clean(text: string, max: number): string;
}

/**
 * The strings to remove for these credentials: the secret key and security token, or the IAM
 * token, each also as a server may echo it (JSON-escaped or percent-encoded). Longest first, so a
 * secret that contains another is replaced whole rather than cut into visible pieces. The access key
 * is not secret. Shorter than `MIN_SCRUBBED_SECRET_CHARS`, a value is left: it would redact words.
 */
export function secretsOf(credentials: DcsCredentials): string[] {
    const raw = ("token" in credentials ? [credentials.token] : [credentials.secretKey, credentials.securityToken ?? ""]).filter(
        (s) => s.length >= MIN_SCRUBBED_SECRET_CHARS,
    );
    const variants = raw.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
    return [...new Set(variants)].sort((a, b) => b.length - a.length);
}

/** The scrubber for one client's credentials. */
export function scrubberFor(credentials: DcsCredentials): Scrubber {
    const secrets = secretsOf(credentials);
    const scrub = (text: string): string => {
        let out = text;
        for (const secret of secrets) out = out.split(secret).join(REDACTED);
        return out.replace(SIGNATURE, `Signature=${REDACTED}`);
    };
    return {
        scrub,
        clean(text, max) {
            const scrubbed = scrub(text);
            return scrubbed.length > max ? `${scrubbed.slice(0, max)}…` : scrubbed;
        },
    };
}
