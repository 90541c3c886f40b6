import { storage } from 'wxt/utils/storage';
import { EMPTY_POLICY, type Policy, PolicySchema } from '../policy';

/** The residency policy, kept with the other settings in local storage; validated on read. */
const policyItem = storage.defineItem<unknown>('local:residencyPolicy', {
  fallback: null,
  version: 1,
});

export const policyStore = {
  /** The stored policy; no policy (or one that no longer parses) reads as the empty one. */
  get: async (): Promise<Policy> => {
    const parsed = PolicySchema.safeParse(await policyItem.getValue());
    return parsed.success ? parsed.data : EMPTY_POLICY;
  },
  set: async (policy: Policy) => {
    const valid = PolicySchema.parse(policy);
    await policyItem.setValue(valid);
    return valid;
  },
};
