import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/utils/audit/canonical';
import { EVIDENCE_COLUMNS, evidenceRows, toEvidenceCsv, toEvidenceJson } from '@/utils/evidence';
import type { FleetRow, ScanState } from '@/utils/fleet';
import { setMessages } from '@/utils/i18n';
import type { Policy } from '@/utils/policy';
import messages from '../../public/_locales/en/messages.json';

const READ_AT = Date.parse('2026-12-02T03:04:05.678Z');
const row = (over: Partial<FleetRow> & Pick<FleetRow, 'phoneNumberId'>): FleetRow => ({
  wabaId: '210000000000001',
  phone: {
    id: over.phoneNumberId,
    display_phone_number: '+55 11 4000-0002',
    verified_name: 'Acme Saúde, "Brasil"',
    platform_type: 'CLOUD_API',
    quality_rating: 'GREEN',
  },
  state: 'done',
  settings: {
    storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
  },
  readAt: READ_AT,
  traceId: 'AbCdEf123',
  apiVersion: 'v23.0',
  ...over,
});

const state: ScanState = {
  id: 'scan-1',
  startedAt: READ_AT - 1000,
  finishedAt: READ_AT + 1000,
  phase: 'done',
  wabas: [{ id: '210000000000001', name: 'Fleet Bank 01', state: 'listed', pages: 1 }],
  rows: [
    row({ phoneNumberId: '1' }),
    row({
      phoneNumberId: '2',
      phone: {
        id: '2',
        display_phone_number: '+1 555-010-0001',
        verified_name: '=HYPERLINK("http://evil")',
        platform_type: 'NOT_APPLICABLE',
      },
      settings: {},
    }),
    row({
      phoneNumberId: '3',
      state: 'failed',
      settings: undefined,
      readAt: undefined,
      traceId: undefined,
      error: {
        kind: 'graph',
        category: 'permission',
        message: '(#10) Application does not have permission',
        code: 10,
        fbtraceId: 'AErr9',
        isTransient: false,
      },
    }),
  ],
  streak: 0,
  stats: { requests: 4, rateLimited: 0 },
};
const policy: Policy = {
  all: { regions: ['BR'], defaultStorageAllowed: false, noStorageAllowed: true },
  wabas: {},
};

describe('evidence rows', () => {
  it('one row per number with storage, registration, policy, read time and trace id', () => {
    const [br, us, failed] = evidenceRows(state, policy);
    expect(br).toMatchObject({
      waba_id: '210000000000001',
      waba_name: 'Fleet Bank 01',
      phone_number_id: '1',
      phone_e164_digits: '551140000002',
      registration: 'registered-cloud',
      storage_status: 'in-country',
      storage_region: 'BR',
      storage_status_raw: 'IN_COUNTRY_STORAGE_ENABLED',
      policy_result: 'compliant',
      policy_rule: 'all',
      read_at_utc: '2026-12-02T03:04:05.678Z',
      api_version: 'v23.0',
      fb_trace_id: 'AbCdEf123',
    });
    expect(us).toMatchObject({
      registration: 'unregistered',
      storage_status: 'default',
      storage_region: 'US',
      policy_result: 'non-compliant',
    });
    expect(failed).toMatchObject({
      read_state: 'failed',
      storage_status: '',
      policy_result: 'unknown',
      fb_trace_id: 'AErr9',
      error_code: '10',
    });
  });

  it('does not depend on the UI language', () => {
    const before = toEvidenceCsv(evidenceRows(state, policy));
    const arabic = Object.fromEntries(Object.keys(messages).map((k) => [k, { message: 'تجربة' }]));
    setMessages('ar', arabic);
    expect(toEvidenceCsv(evidenceRows(state, policy))).toBe(before);
  });
});

describe('CSV', () => {
  const csv = toEvidenceCsv(evidenceRows(state, policy));
  const lines = csv.slice(1).split('\r\n');

  it('is UTF-8 with a BOM, a header of fixed column names and CRLF lines', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(EVIDENCE_COLUMNS.join(','));
    expect(lines).toHaveLength(5); // header, 3 rows, the empty string after the last CRLF
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('escapes quotes and commas, keeps accents and never starts a cell with a formula', () => {
    expect(lines[1]).toContain('"Acme Saúde, ""Brasil"""');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // The display form is defused; the digits column stays a plain number.
    expect(lines[1]).toContain(`"'+55 11 4000-0002",551140000002,`);
    for (const line of lines)
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('JSON', () => {
  it('carries the scan, the policy and the same rows', () => {
    const json = JSON.parse(toEvidenceJson(state, policy));
    expect(json).toMatchObject({
      format: 'residency-evidence',
      version: 2,
      scan_id: 'scan-1',
      scan_finished_at_utc: '2026-12-02T03:04:06.678Z',
      policy,
    });
    expect(json.numbers).toEqual(evidenceRows(state, policy));
  });

  it('is canonical: sorted keys, no whitespace, the same bytes for the same scan and policy', () => {
    const text = toEvidenceJson(state, policy);
    expect(text).toBe(canonicalJson(JSON.parse(text)));
    expect(text).not.toMatch(/\n|": /);
    expect(text.startsWith('{"format":"residency-evidence","numbers":[{"api_version"')).toBe(true);
    expect(toEvidenceJson(structuredClone(state), structuredClone(policy))).toBe(text);
  });
});
