import { IncomingMessage, ServerResponse } from "node:http";
import { DcsError } from "../provider/dcs/errors";

/** An answer before it is written; `raw` replaces the JSON body (used for malformed answers). */
export interface Reply {
    status: number;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
}

/** DCS/APIG error shape: `{error_code, error_msg, error_ext_msg: null}`. */
export function errorReply(status: number, code: string, msg: string, headers?: Record<string, string>): Reply {
    return { status, body: { error_code: code, error_msg: msg, error_ext_msg: null }, headers };
}

export function jsonReply(body: unknown, status = 200): Reply {
    return { status, body };
}

/** The JSON text an answer would carry, or "" for none. */
export function replyText(reply: Reply): string {
    if (reply.raw !== undefined) return reply.raw;
    return reply.body === undefined ? "" : JSON.stringify(reply.body);
}

export function writeReply(res: ServerResponse, reply: Reply): void {
    const text = replyText(reply);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (text !== "") {
        // A canned answer may bring its own Content-Type (e.g. text/plain).
        if (!res.hasHeader("Content-Type")) res.setHeader("Content-Type", "application/json;charset=UTF-8");
        res.setHeader("Content-Length", Buffer.byteLength(text));
    }
    res.statusCode = reply.status;
    res.end(text);
}

/** The gateway caps AK/SK bodies at 12 MB; DCS bodies are tiny, so 1 MiB is plenty here. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends DcsError {}

/** Collects the raw body bytes (the signature covers them exactly); an oversized body is drained, then refused. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= limit) chunks.push(chunk);
        });
        req.on("end", () => (size > limit ? reject(new BodyTooLargeError(`body larger than ${limit} bytes`)) : resolve(Buffer.concat(chunks))));
        req.on("error", reject);
    });
}

/** Parses a JSON body; undefined when it is empty or not JSON (callers answer 400). */
export function parseJsonBody(body: Buffer): unknown {
    if (body.length === 0) return undefined;
    try {
        return JSON.parse(body.toString("utf8"));
    } catch {
        return undefined;
    }
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(",") : value;
}
