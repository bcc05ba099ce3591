import { createHash, createHmac } from "crypto";
import { DcsConfigError } from "./errors";

/** The one signing algorithm DCS's API gateway documents for AK/SK ("APIG Access=" form). */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** Access key pair; `securityToken` is set for temporary keys. */
export interface AkSkCredentials {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
}

/** What the signer needs to know about a request. Header names are case-insensitive. */
export interface SignableRequest {
    method: string;
    /** Absolute URL, including any query string. */
    url: string;
    /** Headers to sign; `Host` is derived from `url` when absent. */
    headers: Record<string, string>;
    /** Exact body bytes that will be sent (empty for none). */
    body?: string;
}

/** The pieces of a signature, exposed so tests and the simulator can compare each step. */
export interface Signature {
    canonicalRequest: string;
    stringToSign: string;
    signature: string;
    signedHeaders: string;
    authorization: string;
}

const EMPTY_SHA256 = sha256Hex("");

/** Formats a date as the `X-Sdk-Date` header wants it: `YYYYMMDDTHHMMSSZ`, UTC. */
export function formatSdkDate(date: Date): string {
    return date
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

/**
 * Percent-encodes like the Huawei gateway: everything but `A-Z a-z 0-9 - _ . ~`,
 * upper-case hex (stricter than encodeURIComponent, which leaves `!'()*` alone).
 */
function gatewayEncode(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Canonical URI: each path segment encoded, always ending in `/` (the signature only; the request keeps its path). */
export function canonicalUri(pathname: string): string {
    const encoded = pathname
        .split("/")
        .map((segment) => gatewayEncode(safeDecode(segment)))
        .join("/");
    return encoded.endsWith("/") ? encoded : encoded + "/";
}

/** Canonical query: keys sorted byte-wise, repeated keys' values sorted, `k=v` joined by `&`. */
export function canonicalQuery(search: URLSearchParams): string {
    const byKey = new Map<string, string[]>();
    for (const [key, value] of search) {
        const values = byKey.get(key) ?? [];
        values.push(value);
        byKey.set(key, values);
    }
    return [...byKey.keys()]
        .sort(compareBytes)
        .flatMap((key) =>
            byKey
                .get(key)!
                .sort(compareBytes)
                .map((v) => `${gatewayEncode(key)}=${gatewayEncode(v)}`),
        )
        .join("&");
}

/**
 * Computes the `SDK-HMAC-SHA256` signature of a request
 * (https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html,
 * https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-003.html).
 */
export function computeSignature(request: SignableRequest, credentials: Pick<AkSkCredentials, "accessKey" | "secretKey">): Signature {
    const url = new URL(request.url);
    const headers = lowerCaseHeaders(request.headers);
    if (headers.host === undefined) headers.host = url.host;
    const names = Object.keys(headers).sort(compareBytes);
    const signedHeaders = names.join(";");
    const canonicalHeaders = names.map((name) => `${name}:${headers[name].trim()}\n`).join("");
    const payloadHash = headers["x-sdk-content-sha256"] ?? (request.body ? sha256Hex(request.body) : EMPTY_SHA256);
    const canonicalRequest = [
        request.method.toUpperCase(),
        canonicalUri(url.pathname),
        canonicalQuery(url.searchParams),
        canonicalHeaders,
        signedHeaders,
        payloadHash,
    ].join("\n");
    const date = headers["x-sdk-date"];
    if (!date) throw new DcsConfigError("headers.X-Sdk-Date", "is required to sign a request");
    const stringToSign = [SIGNING_ALGORITHM, date, sha256Hex(canonicalRequest)].join("\n");
    const signature = createHmac("sha256", credentials.secretKey).update(stringToSign).digest("hex");
    const authorization = `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return { canonicalRequest, stringToSign, signature, signedHeaders, authorization };
}

/**
 * Returns the headers to send: the request's own plus `X-Sdk-Date`, `X-Security-Token` (temporary keys)
 * and `Authorization`. The security token is signed, as the official Node and Go v3 SDKs do.
 */
export function signRequest(request: SignableRequest, credentials: AkSkCredentials, now: Date = new Date()): Record<string, string> {
    const headers: Record<string, string> = { ...request.headers, "X-Sdk-Date": formatSdkDate(now) };
    if (credentials.securityToken) headers["X-Security-Token"] = credentials.securityToken;
    const { authorization } = computeSignature({ ...request, headers }, credentials);
    return { ...headers, Authorization: authorization };
}

/** Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`; undefined when malformed. */
export function parseAuthorization(value: string): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
    const match = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(value.trim());
    if (!match) return undefined;
    return { accessKey: match[1], signedHeaders: match[2].split(";"), signature: match[3] };
}

function sha256Hex(data: string): string {
    return createHash("sha256").update(data, "utf8").digest("hex");
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
    return out;
}

function compareBytes(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}
