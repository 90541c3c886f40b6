// The sandbox without a server: the same Graph core answering a fetch function, for unit tests
// that drive the real background (router, journal, runner) with a fake clock. Transport faults
// become what fetch would do: a dropped connection rejects, a held one waits for the abort.
import { createGraphCore, type WireRequest } from './core';
import { phoneAccess } from './index';

const GRAPH_HOST = 'graph.facebook.com';

/** One fetch call's fate, decided by the test before the sandbox answers it. */
export type Interception = (
  url: URL,
  method: string,
) => 'answer' | 'freeze-before' | 'freeze-after' | undefined;

export function createInProcessSandbox(now: () => number) {
  const core = createGraphCore(now);
  let intercept: Interception | undefined;
  const frozen = new Promise<never>(() => undefined);

  async function fetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers));
    const raw = typeof init.body === 'string' ? init.body : '';
    if (url.host !== GRAPH_HOST) throw new TypeError(`fetch failed: ${url.host} is not served`);
    const fate = intercept?.(url, method);
    // The worker dies while this call is on its way: it never learns what happened.
    if (fate === 'freeze-before') return frozen;
    const req: WireRequest = {
      headers,
      method,
      url: `${url.pathname}${url.search}`,
      rawHeaders: Object.entries(headers).flat(),
    };
    const entry = core.record(req, GRAPH_HOST, url, raw);
    const answer = await core.answerGraph(req, url, raw, entry);
    if (fate === 'freeze-after') return frozen;
    if (answer.type === 'drop') throw new TypeError('fetch failed: connection reset');
    if (answer.type === 'hold') {
      return new Promise<never>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    }
    const empty = answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  }

  return {
    fetch,
    core,
    ...phoneAccess(() => core.state, now),
    /** Decides the fate of the next fetch calls (until replaced). */
    intercept(next: Interception | undefined) {
      intercept = next;
    },
  };
}

export type InProcessSandbox = ReturnType<typeof createInProcessSandbox>;
