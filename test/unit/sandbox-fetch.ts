// `fetch` for unit tests that talk to the in-process sandbox: graph.facebook.com over one
// HTTP/2 connection, checked against the sandbox's own certificate (no test switch in the
// code under test: it gets this where the background passes the global fetch).
import { type ClientHttp2Session, connect } from 'node:http2';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox';

export interface SandboxFetch {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  close: () => void;
}

export function sandboxFetch(sandbox: Sandbox): SandboxFetch {
  let session: ClientHttp2Session | null = null;
  const open = () => {
    if (!session || session.closed || session.destroyed)
      session = connect(`https://127.0.0.1:${sandbox.port}`, {
        ca: sandbox.certPem,
        servername: 'graph.facebook.com',
      });
    return session;
  };
  const fetch = (input: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const headers = Object.fromEntries(new Headers(init.headers));
      const stream = open().request({
        ':method': init.method ?? 'GET',
        ':path': `${url.pathname}${url.search}`,
        ':authority': url.host,
        ...headers,
      });
      const onAbort = () => {
        stream.close();
        reject(init.signal?.reason);
      };
      init.signal?.addEventListener('abort', onAbort, { once: true });
      let status = 0;
      const answer = new Headers();
      const chunks: Buffer[] = [];
      stream.on('response', (h) => {
        status = Number(h[':status']);
        for (const [k, v] of Object.entries(h))
          if (!k.startsWith(':') && v !== undefined) answer.set(k, String(v));
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => reject(new TypeError(`fetch failed: ${e.message}`)));
      stream.on('close', () => {
        init.signal?.removeEventListener('abort', onAbort);
        if (status === 0) return reject(new TypeError('fetch failed: stream closed'));
        resolve(
          new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: answer }),
        );
      });
      stream.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return { fetch, close: () => session?.close() };
}

/**
 * The in-process sandbox answering the global `fetch` as graph.facebook.com, for a whole test
 * file: started once, reset (and `fetch` stubbed) before every test, after which `eachTest`
 * runs (a token to save, a background to start).
 */
export function withGraphSandbox(
  assign: (sandbox: Sandbox) => void,
  eachTest?: () => Promise<unknown> | undefined,
) {
  let sandbox: Sandbox;
  let transport: SandboxFetch;
  beforeAll(async () => {
    sandbox = await startSandbox();
    transport = sandboxFetch(sandbox);
    assign(sandbox);
  });
  afterAll(async () => {
    transport.close();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    vi.stubGlobal('fetch', transport.fetch);
    await eachTest?.();
  });
}
