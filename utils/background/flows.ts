import { appendAudit, listAudit, registrationCallsSince } from '../audit';
import { journal } from '../change-flow/journal';
import type { FlowState } from '../change-flow/machine';
import { createFlowRunner, type FlowApi, type Receipt } from '../change-flow/runner';
import {
  interpretStorage,
  isRegistered,
  type PostOptions,
  SuccessSchema,
  storageCode,
} from '../graph';
import { graph } from './graph';
import { fetchNumberStatus } from './numbers';

/** One state-changing call: Meta answers `{"success": true}`; its trace ID is the receipt. */
async function post(path: string, init?: PostOptions): Promise<Receipt> {
  const { traceId } = await graph.post(path, SuccessSchema, init);
  return { traceId };
}

/** The runner's window on Meta: the exact request bodies of Meta's Local Storage guide. */
export const graphFlowApi: FlowApi = {
  deregister: (id) => post(`${id}/deregister`),
  setStorage(id, target) {
    const storage_configuration =
      target === 'default'
        ? { status: 'IN_COUNTRY_STORAGE_DISABLED' }
        : { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: target };
    return post(`${id}/settings`, { json: { storage_configuration } });
  },
  register: (id, pin) => post(`${id}/register`, { json: { messaging_product: 'whatsapp', pin } }),
  requestCode: (id, method, language) =>
    post(`${id}/request_code`, { query: { code_method: method, language } }),
  // In the body, not the URL: the code is a secret for the few minutes it is valid.
  verifyCode: (id, code) => post(`${id}/verify_code`, { json: { code } }),
  async read(id) {
    const status = await fetchNumberStatus(id);
    return {
      registered: isRegistered(status.phone),
      storage: storageCode(interpretStorage(status.settings)),
      displayPhoneNumber: status.phone.display_phone_number,
      verifiedName: status.phone.verified_name,
    };
  },
};

export function createBackgroundRunner(
  onChange: (state: FlowState) => void,
  onNumberChanged: (state: FlowState) => void,
) {
  return createFlowRunner({
    api: graphFlowApi,
    journal,
    audit: appendAudit,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    onChange,
    onNumberChanged,
    registrationCallsSeen: async (id) => registrationCallsSince(await listAudit(), id, Date.now()),
  });
}

/**
 * Recovery of the journal at background start-up (a killed worker or a closed browser cut a
 * step off mid-call). Everything that reads or runs flows waits for it.
 */
let recovery: Promise<FlowState[]> | null = null;
export function recoverJournal() {
  recovery ??= journal.recoverAll();
  return recovery;
}

/** What the views need to show about a number's changes. */
export async function flowSummary(phoneNumberId: string, now = Date.now()) {
  await recoverJournal();
  const [active, latest, audit] = await Promise.all([
    journal.activeFor(phoneNumberId),
    journal.latestFor(phoneNumberId),
    listAudit(),
  ]);
  return {
    active,
    latest,
    registrationCallsSeen: registrationCallsSince(audit, phoneNumberId, now),
  };
}
