import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  activeFlowFor,
  getFlow,
  listActive,
  listFlows,
  MAX_FINISHED_FLOWS,
  recoverAll,
  remove,
  save,
} from '@/utils/flow/journal';
import {
  ActiveFlowExistsError,
  type FlowState,
  planFlow,
  stepStarted,
  stepSucceeded,
} from '@/utils/flow/machine';

const T0 = 1_700_000_000_000;

const move = (id: string, phoneNumberId = '111', now = T0): FlowState =>
  planFlow('move', {
    id,
    phoneNumberId,
    target: 'DE',
    before: { storage: 'default', registered: true },
    now,
  });

const rawJournal = async () =>
  (await fakeBrowser.storage.local.get('flowJournal')).flowJournal as Record<string, unknown>;

describe('the flow journal', () => {
  it('saves and reads back a flow, validated', async () => {
    const s = move('a');
    await save(s);
    expect(await getFlow('a')).toEqual(s);
    expect(await activeFlowFor('111')).toEqual(s);
    expect(await activeFlowFor('222')).toBeNull();
    expect(await getFlow('missing')).toBeNull();
  });

  it('refuses a second active flow for the same number with a typed error', async () => {
    await save(move('a'));
    const attempt = save(move('b'));
    await expect(attempt).rejects.toBeInstanceOf(ActiveFlowExistsError);
    await expect(attempt).rejects.toMatchObject({ code: 'active-flow-exists', activeFlowId: 'a' });
    expect(await getFlow('b')).toBeNull();
    // Another number is fine; and once the first is finished, a new one for it too.
    await save(move('c', '222'));
    await save({ ...move('a'), phase: 'completed' });
    await save(move('b'));
    expect((await listActive()).map((f) => f.id).sort()).toEqual(['b', 'c']);
  });

  it('never loses one of many concurrent saves', async () => {
    const flows = Array.from({ length: 25 }, (_, i) => move(`f${i}`, String(1000 + i), T0 + i));
    await Promise.all(flows.map((f) => save(f)));
    expect((await listFlows()).length).toBe(25);
    // Concurrent updates of one flow: the last queued wins, none is half-written.
    let s = flows[0] as FlowState;
    const versions: FlowState[] = [];
    for (let i = 1; i <= 5; i++) {
      s = i % 2 ? stepStarted(s, T0 + i) : stepSucceeded(s, T0 + i);
      versions.push(s);
    }
    await Promise.all(versions.map((v) => save(v)));
    expect(await getFlow('f0')).toEqual(versions.at(-1));
  });

  it.each([
    ['a string', 'garbage'],
    ['an array', [1, 2, 3]],
    ['null', null],
    ['a number', 42],
  ])('reads %s in storage as an empty journal', async (_label, value) => {
    await fakeBrowser.storage.local.set({ flowJournal: value });
    expect(await listFlows()).toEqual([]);
    expect(await activeFlowFor('111')).toBeNull();
    expect(await recoverAll(T0)).toEqual([]);
  });

  it('skips a damaged entry, keeps the good ones, and never overwrites the damaged one', async () => {
    const good = move('good');
    const damaged = { id: 'bad', phase: 'running', steps: 'nope' };
    const mislabelled = { ...move('other'), id: 'not-its-key' };
    await fakeBrowser.storage.local.set({
      flowJournal: { good, bad: damaged, x: mislabelled },
    });
    expect((await listFlows()).map((f) => f.id)).toEqual(['good']);
    await save(move('next', '333'));
    const raw = await rawJournal();
    expect(raw.bad).toEqual(damaged);
    expect(raw.x).toEqual(mislabelled);
    expect(Object.keys(raw).sort()).toEqual(['bad', 'good', 'next', 'x']);
  });

  it('refuses to store an invalid state', async () => {
    await expect(save({ ...move('a'), phoneNumberId: 'abc' })).rejects.toThrow();
    expect(await rawJournal()).toBeUndefined();
  });

  it('removes a flow', async () => {
    await save(move('a'));
    await remove('a');
    expect(await getFlow('a')).toBeNull();
  });

  it('recoverAll turns steps cut off mid-call into unknown and persists it', async () => {
    const cut = stepStarted(stepSucceeded(stepStarted(move('a'), T0 + 1), T0 + 2), T0 + 3);
    const idle = move('b', '222');
    const finished = { ...move('c', '333'), phase: 'completed' as const };
    await Promise.all([save(cut), save(idle), save(finished)]);

    const active = await recoverAll(T0 + 10);
    expect(active.map((f) => f.id).sort()).toEqual(['a', 'b']);
    const a = await getFlow('a');
    expect(a?.phase).toBe('interrupted');
    expect(a?.steps.map((s) => s.status)).toEqual(['done', 'unknown', 'pending', 'pending']);
    expect(await getFlow('b')).toEqual(idle);
    expect(await getFlow('c')).toEqual(finished);
    // Idempotent.
    await recoverAll(T0 + 20);
    expect(await getFlow('a')).toEqual(a);
  });

  it(`keeps at most ${MAX_FINISHED_FLOWS} finished flows, never dropping an active one`, async () => {
    const finished = Array.from({ length: MAX_FINISHED_FLOWS + 5 }, (_, i) => ({
      ...move(`done${i}`, String(5000 + i), T0 + i),
      phase: 'completed' as const,
      updatedAt: T0 + i,
    }));
    const active = move('live', '111', T0 - 1);
    await fakeBrowser.storage.local.set({
      flowJournal: Object.fromEntries([...finished, active].map((f) => [f.id, f])),
    });
    await save(move('new', '222'));
    const ids = (await listFlows()).map((f) => f.id);
    expect(ids).toContain('live');
    expect(ids).toContain('new');
    expect(ids).not.toContain('done0');
    expect(ids).toContain(`done${MAX_FINISHED_FLOWS + 4}`);
    expect(ids.length).toBe(MAX_FINISHED_FLOWS + 2);
  });
});
