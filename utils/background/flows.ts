import { appendAudit, listAudit, registrationCallsSince } from '../audit';
import { journal } from '../change-flow/journal';
import type { FlowState } from '../change-flow/machine';
import { createFlowRunner, type FlowApi, type Receipt } from '../change-flow/runner';
import { interpretStorage, isRegistered, type Posted, SuccessSchema, storageCode } from '../graph';
import { graph } from './graph';
import { fetchNumberStatus } from './numbers';

const receipt = (posted: Posted<unknown>): Receipt => ({ traceId: posted.traceId });

/** The runner's window on Meta: the exact request bodies of Meta's Local Storage guide. */
export const graphFlowApi: FlowApi = {
  async deregister(id) {
    return receipt(await graph.post(`${id}/deregister`, SuccessSchema));
  },
  async setStorage(id, target) {
    const storage_configuration =
      target === 'default'
        ? { status: 'IN_COUNTRY_STORAGE_DISABLED' }
        : { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: target };
    return receipt(
      await graph.post(`${id}/settings`, SuccessSchema, { json: { storage_configuration } }),
    );
  },
  async register(id, pin) {
    return receipt(
      await graph.post(`${id}/register`, SuccessSchema, {
        json: { messaging_product: 'whatsapp', pin },
      }),
    );
  },
  async requestCode(id, method, language) {
    return receipt(
      await graph.post(`${id}/request_code`, SuccessSchema, {
        query: { code_method: method, language },
      }),
    );
  },
  async verifyCode(id, code) {
    // In the body, not the URL: the code is a secret for the few minutes it is valid.
    return receipt(await graph.post(`${id}/verify_code`, SuccessSchema, { json: { code } }));
  },
  async read(id) {
    const status = await fetchNumberStatus(id);
    return {
      registered: isRegistered(status.phone),
      storage: storageCode(interpretStorage(status.settings)),
      displayPhoneNumber: status.phone.display_phone_number,
      verifiedName: status.phone.verified_name,
      // Only a status Meta reports as not verified counts; a missing one is not guessed.
      codeVerified: status.phone.code_verification_status
        ? status.phone.code_verification_status.toUpperCase() === 'VERIFIED'
        : undefined,
    };
  },
};

export function createBackgroundRunner(onChange: (state: FlowState) => void) {
  return createFlowRunner({
    api: graphFlowApi,
    journal,
    audit: appendAudit,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    onChange,
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
