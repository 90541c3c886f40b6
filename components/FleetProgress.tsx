import { useEffect, useState } from 'react';
import { isolateLtr } from '@/utils/bidi';
import type { ScanProgress } from '@/utils/fleet/model';
import { formatNumber, t, tPlural } from '@/utils/i18n';

/** m:ss until a time, ticking every second. */
function useCountdown(until: number | undefined) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (until === undefined) return undefined;
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How far the scan is: a progress bar with counts, and Meta's rate-limit wait when there is one. */
export function FleetProgress({ progress, locale }: { progress: ScanProgress; locale: string }) {
  const left = useCountdown(progress.wait?.until);
  const finished = progress.numbersDone + progress.numbersFailed;
  const running = progress.phase === 'wabas' || progress.phase === 'numbers';
  const summary =
    progress.phase === 'wabas'
      ? t('fleetFindingWabas')
      : tPlural(running ? 'fleetProgressReading' : 'fleetProgressDone', progress.numbersTotal, [
          formatNumber(finished, locale),
          formatNumber(progress.numbersTotal, locale),
          tPlural('fleetAccounts', progress.wabasTotal),
        ]);
  return (
    <section className="fleet-progress stack" aria-label={t('fleetProgressLabel')}>
      <progress
        aria-label={t('fleetProgressLabel')}
        max={Math.max(1, progress.numbersTotal)}
        value={progress.phase === 'wabas' ? undefined : finished}
      />
      <p role="status">
        {summary}
        {progress.numbersFailed > 0 && ` ${tPlural('fleetProgressFailed', progress.numbersFailed)}`}
        {running &&
          progress.wabasTotal > progress.wabasListed + progress.wabasFailed &&
          ` ${tPlural('fleetProgressListing', progress.wabasTotal, [
            formatNumber(progress.wabasListed, locale),
            formatNumber(progress.wabasTotal, locale),
          ])}`}
      </p>
      {progress.wait && left !== undefined && (
        <p className="notice" role="status">
          {t('fleetWaiting', [left])}
          {progress.wait.code !== undefined && (
            <span className="muted">
              {' '}
              {t('fleetWaitingCode', [isolateLtr(String(progress.wait.code))])}
            </span>
          )}
        </p>
      )}
    </section>
  );
}
