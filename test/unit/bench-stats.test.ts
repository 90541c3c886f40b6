import { describe, expect, it } from 'vitest';
import { replaceSection } from '../bench/report';
import { lookupFloor, median, observedChain, peakConcurrency } from '../bench/stats';
import { createInProcessSandbox } from '../sandbox/in-process';

const at = (time: number, answeredAt?: number) => ({ time, answeredAt });

describe('benchmark arithmetic', () => {
  it('takes the middle value, the lower one of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('counts the most requests in flight at once; an answer leaves before a request at the same instant', () => {
    expect(peakConcurrency([at(0, 100), at(10, 110), at(20, 120), at(200, 300)])).toBe(3);
    expect(peakConcurrency([at(0, 100), at(100, 200), at(200, 300)])).toBe(1);
    // A request never answered stays in flight.
    expect(peakConcurrency([at(0), at(500, 600)])).toBe(2);
  });

  it('counts the sequential round trips made, not the requests', () => {
    // A list page, then two reads of the number side by side: two round trips.
    expect(observedChain([at(0, 100), at(120, 220), at(121, 221)])).toBe(2);
    // Three pages one after another, then a read.
    expect(observedChain([at(0, 100), at(100, 200), at(200, 300), at(310, 410)])).toBe(4);
    expect(observedChain([at(0, 100), at(50, 150)])).toBe(1);
  });

  it('needs one round trip per list page, plus one for the reads of the number', () => {
    const paths = (list: string[]) => list.map((path) => ({ path }));
    expect(
      lookupFloor(
        paths([
          '/v26.0/200000000000001/phone_numbers',
          '/v26.0/300000000000002',
          '/v26.0/300000000000002/settings',
        ]),
      ),
    ).toBe(2);
    expect(lookupFloor(paths(['/v26.0/300000000000002', '/v26.0/300000000000002/settings']))).toBe(
      1,
    );
    expect(
      lookupFloor(paths(['/v26.0/2/phone_numbers', '/v26.0/2/phone_numbers', '/v26.0/5'])),
    ).toBe(3);
  });

  it('replaces only the text between the markers, or adds them at the end', () => {
    const doc = 'A\n<!-- bench:start -->\nold\n<!-- bench:end -->\nB\n';
    expect(replaceSection(doc, 'new')).toBe(
      'A\n<!-- bench:start -->\nnew\n<!-- bench:end -->\nB\n',
    );
    expect(replaceSection('A\n', 'new')).toBe(
      'A\n\n<!-- bench:start -->\nnew\n<!-- bench:end -->\n',
    );
  });
});

describe('the sandbox request log', () => {
  it('records when each request was answered, after its latency', async () => {
    const sandbox = createInProcessSandbox(Date.now);
    sandbox.core.rules.addLatency({ ms: 30 });
    await sandbox.fetch('https://graph.facebook.com/v26.0/me', {
      headers: { authorization: 'Bearer nothing' },
    });
    const [entry] = sandbox.core.requests();
    expect(entry?.answeredAt).toBeDefined();
    expect((entry?.answeredAt ?? 0) - (entry?.time ?? 0)).toBeGreaterThanOrEqual(29);
  });
});
