import { createHash, timingSafeEqual } from "node:crypto";
import { IncomingMessage } from "node:http";
import { computeSignature, parseAuthorization } from "../provider/dcs/signer";
import { errors } from "./errors";
import { Reply, headerValue } from "./http";

export interface AuthConfig {
    credentials: { accessKey: string; secretKey: string };
    token: string;
}

/** The gateway rejects an X-Sdk-Date further than this from its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/**
 * Checks `X-Auth-Token` or an `SDK-HMAC-SHA256` signature, as the API gateway would.
 * Returns undefined when the request is authentic, else the 401 to send. Error texts never
 * echo the token, the Authorization header or any signature.
 */
export function authenticate(req: IncomingMessage, rawBody: Buffer, config: AuthConfig, now: number): Reply | undefined {
    const token = headerValue(req, "x-auth-token");
    if (token !== undefined) return sameSecret(token, config.token) ? undefined : errors.authFailed("token invalid");

    const authorization = headerValue(req, "authorization");
    if (authorization === undefined) return errors.authFailed("no Authorization or X-Auth-Token header");
    const parsed = parseAuthorization(authorization);
    if (!parsed) return errors.authFailed("Authorization header is not a valid SDK-HMAC-SHA256 signature");
    if (parsed.accessKey !== config.credentials.accessKey) return errors.authFailed("access key not found");

    const sdkDate = headerValue(req, "x-sdk-date");
    if (sdkDate === undefined) return errors.badSdkDate("X-Sdk-Date header is missing");
    const signedAt = parseSdkDate(sdkDate);
    if (signedAt === undefined) return errors.badSdkDate("X-Sdk-Date is not in the format YYYYMMDDTHHMMSSZ");
    if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) return errors.badSdkDate("X-Sdk-Date differs from the server time by more than 15 minutes");

    const names = parsed.signedHeaders;
    if (!names.includes("host") || !names.includes("x-sdk-date")) return errors.authFailed("SignedHeaders must include host and x-sdk-date");
    const headers: Record<string, string> = {};
    for (const name of names) {
        const value = headerValue(req, name);
        if (value === undefined) return errors.authFailed(`signed header ${name} is missing`);
        headers[name] = value;
    }

    // A declared payload hash replaces the body in the signature, so it must match the body itself.
    const declared = headers["x-sdk-content-sha256"];
    if (declared !== undefined && declared !== "UNSIGNED-PAYLOAD" && declared !== createHash("sha256").update(rawBody).digest("hex")) {
        return errors.authFailed("verify aksk signature fail");
    }

    let expected: string;
    try {
        expected = computeSignature(
            { method: req.method ?? "GET", url: `http://${headers.host}${req.url ?? "/"}`, headers, body: rawBody.toString("utf8") },
            config.credentials,
        ).signature;
    } catch {
        return errors.authFailed("verify aksk signature fail");
    }
    return sameSecret(parsed.signature, expected) ? undefined : errors.authFailed("verify aksk signature fail");
}

/** Parses `YYYYMMDDTHHMMSSZ` (UTC). */
export function parseSdkDate(value: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    return Number.isNaN(ms) ? undefined : ms;
}

// Hashing first gives equal-length inputs, so timingSafeEqual never throws and length leaks nothing.
function sameSecret(a: string, b: string): boolean {
    const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
    return timingSafeEqual(digest(a), digest(b));
}
