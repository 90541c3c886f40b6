// Small HTTP helpers shared by the hosts: request bodies and plain responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

/** A request over HTTP/1.1 or HTTP/2 (the server allows both). */
export type SandboxRequest = IncomingMessage | Http2ServerRequest;
export type SandboxResponse = ServerResponse | Http2ServerResponse;

export function readBody(req: SandboxRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A body as Graph reads it: JSON, or form fields (whose JSON-looking values are objects, as
 * Graph decodes `storage_configuration={...}`). Unparseable text stays a string; empty is null.
 */
export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
    }
    return out;
  }
  return tryJson(raw);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function send(
  res: SandboxResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
) {
  res.writeHead(status, headers);
  res.end(body);
}

export const sendJson = (res: SandboxResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });

export const sendText = (res: SandboxResponse, status: number, text: string) =>
  send(res, status, text, { 'content-type': 'text/plain; charset=utf-8' });
