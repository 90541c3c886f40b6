import { useSettingsStore } from '@/utils/ui-store/settings-store';
import { TokenCheckResult } from './TokenCheckResult';

/** After a first-run save the form goes away with the no-token view; the result stays here. */
export function FirstRunResult() {
  const check = useSettingsStore((s) => s.check);
  return check ? <TokenCheckResult check={check} /> : null;
}
