import { describe, expect, it } from 'vitest';
import {
  type FlowState,
  planFlow,
  stepFailed,
  stepStarted,
  stepSucceeded,
} from '@/utils/change-flow/machine';
import type { SerializedGraphError } from '@/utils/graph';
import {
  changeTargetLabel,
  describeNumberState,
  factWords,
  isOfflineByChange,
  numberFacts,
  numberState,
  numberSummary,
} from '@/utils/number-state';

const germany = {
  storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'DE' },
};
const registered = { platform_type: 'CLOUD_API' };
const unregistered = { platform_type: 'NOT_APPLICABLE' };
const pinMismatch: SerializedGraphError = {
  kind: 'graph',
  category: 'pin-mismatch',
  message: 'PIN mismatch',
  code: 133005,
  isTransient: false,
};
const lostConnection: SerializedGraphError = {
  kind: 'network',
  category: 'network',
  message: 'Failed to fetch',
  isTransient: true,
};

/** A move from default storage to DE, driven through the machine's own transitions. */
function move(until: 'started' | 'deregistering' | 'wrong-pin' | 'registering' | 'register-lost') {
  let flow: FlowState = planFlow({
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'move',
    phoneNumberId: '300000000000001',
    target: 'DE',
    before: { storage: 'default', registered: true },
    now: 1,
  });
  if (until === 'started') return flow;
  flow = stepStarted(flow, 0, 2);
  if (until === 'deregistering') return flow;
  flow = stepSucceeded(flow, 0, 3);
  flow = stepSucceeded(stepStarted(flow, 1, 4), 1, 5);
  flow = stepStarted(flow, 2, 6);
  if (until === 'registering') return flow;
  return stepFailed(flow, 2, until === 'wrong-pin' ? pinMismatch : lostConnection, 7);
}

describe('numberState', () => {
  it('without a change, is what Meta reports', () => {
    const state = numberState({ phone: registered, settings: germany });
    expect(state).toEqual({
      storage: { kind: 'in-country', region: 'DE' },
      registration: 'registered-cloud',
      registrationRaw: 'CLOUD_API',
      change: 'none',
      tone: 'ok',
    });
    expect(describeNumberState(state, 'en')).toEqual({
      headline: 'In-country storage: Germany (DE)',
    });
  });

  it.each([
    [{}, 'neutral'],
    [{ storage_configuration: { status: 'NO_STORAGE_ENABLED', retention_minutes: 60 } }, 'neutral'],
    [{ storage_configuration: { status: 'SOMETHING_NEW' } }, 'warn'],
  ])('colours %j as %s', (settings, tone) => {
    expect(numberState({ phone: registered, settings }).tone).toBe(tone);
  });

  it('a move stopped after deregistering (wrong PIN) is offline, not a green headline', () => {
    // What the issue saw: storage already DE, the number deregistered, nothing said wrong.
    const state = numberState({ phone: unregistered, settings: germany, flow: move('wrong-pin') });
    expect(state.change).toBe('offline-stopped');
    expect(isOfflineByChange(state)).toBe(true);
    expect(state.tone).toBe('danger');
    const words = describeNumberState(state, 'en');
    expect(words.headline).toBe('Offline: storage change unfinished');
    expect(words.headline).not.toMatch(/In-country/);
    expect(words.detail).toBe('Storage now: In-country storage: Germany (DE).');
    expect(numberSummary(state, '+1 555-010-0001', 'en')).toBe(
      '+1 555-010-0001: Offline: storage change unfinished',
    );
  });

  it('is offline from the journal even before Meta is read again (stale "registered")', () => {
    expect(numberState({ phone: registered, settings: {}, flow: move('registering') }).change).toBe(
      'offline-running',
    );
  });

  it('is offline when Meta reports it unregistered although the deregister answer was lost', () => {
    // The worker died mid-deregister: the journal cannot know, Meta's read can.
    const flow = stepFailed(move('deregistering'), 0, lostConnection, 3);
    expect(flow.steps[0]?.status).toBe('unknown');
    expect(numberState({ phone: unregistered, settings: {}, flow }).change).toBe('offline-stopped');
    expect(numberState({ phone: registered, settings: {}, flow }).change).toBe('stopped');
  });

  it('trusts Meta over the journal when a register call’s outcome is unknown and Meta reports it registered', () => {
    const flow = move('register-lost');
    expect(numberState({ phone: unregistered, settings: germany, flow }).change).toBe(
      'offline-stopped',
    );
    const state = numberState({ phone: registered, settings: germany, flow });
    expect(state.change).toBe('stopped');
    expect(isOfflineByChange(state)).toBe(false);
    expect(describeNumberState(state, 'en')).toEqual({
      headline: 'In-country storage: Germany (DE)',
      detail: 'A change to Germany (DE) is unfinished.',
    });
  });

  it('a change running before the number goes offline says so beside the storage', () => {
    const state = numberState({ phone: registered, settings: {}, flow: move('deregistering') });
    expect(state).toMatchObject({ change: 'running', tone: 'info' });
    expect(describeNumberState(state, 'en')).toEqual({
      headline: 'Default storage (United States)',
      detail: 'Changing to Germany (DE)…',
    });
  });

  it('ignores a finished or closed change', () => {
    const done = { ...move('started'), phase: 'completed' as const };
    const closed = { ...move('started'), phase: 'failed' as const, dismissedAt: 5 };
    for (const flow of [done, closed, null, undefined])
      expect(numberState({ phone: registered, settings: germany, flow }).change).toBe('none');
  });
});

describe('changeTargetLabel', () => {
  it.each([
    ['BR', 'Brazil (BR)'],
    ['DE', 'Germany (DE)'],
    ['default', 'default storage (United States)'],
    [undefined, 'default storage (United States)'],
    ['no-storage', 'No Storage'],
  ])('%s → %s', (target, label) => {
    expect(changeTargetLabel(target, 'en')).toBe(label);
  });
});

describe('number facts in words', () => {
  it.each([
    ['status', 'CONNECTED', 'Connected', 'ok'],
    ['status', 'connected', 'Connected', 'ok'],
    ['status', 'BANNED', 'Banned', 'danger'],
    ['quality_rating', 'YELLOW', 'Yellow (medium)', 'warn'],
    ['quality_rating', 'green', 'Green (high)', 'ok'],
    ['quality_rating', 'NA', 'Not rated yet', 'neutral'],
    ['code_verification_status', 'NOT_VERIFIED', 'Not verified', 'neutral'],
    ['name_status', 'APPROVED', 'Approved', 'ok'],
    ['name_status', 'DECLINED', 'Declined', 'danger'],
    ['throughput', 'STANDARD', 'Standard', 'neutral'],
    ['account_mode', 'SANDBOX', 'Sandbox (test account)', 'info'],
  ] as const)('%s %s → %s (%s)', (field, raw, words, tone) => {
    expect(factWords(field, raw)).toMatchObject({ words, tone, raw, known: true });
  });

  it('shows a value it does not know as received, never failing', () => {
    expect(factWords('status', 'SUSPENDED_FOR_REVIEW')).toEqual({
      field: 'status',
      label: 'Connection status',
      words: 'SUSPENDED_FOR_REVIEW',
      tone: 'neutral',
      raw: 'SUSPENDED_FOR_REVIEW',
      known: false,
    });
  });

  it('lists the fields Meta sent, in order, with labels and raw values', () => {
    const facts = numberFacts({
      id: '1',
      quality_rating: 'YELLOW',
      status: 'CONNECTED',
      code_verification_status: 'EXPIRED',
      throughput: { level: 'HIGH' },
      name_status: '',
    });
    expect(facts.map((f) => [f.label, f.words, f.raw])).toEqual([
      ['Connection status', 'Connected', 'CONNECTED'],
      ['Quality rating', 'Yellow (medium)', 'YELLOW'],
      ['Verification', 'Verification expired', 'EXPIRED'],
      ['Throughput', 'High', 'HIGH'],
    ]);
  });
});
