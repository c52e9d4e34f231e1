/** @module The outage banner: Salesforce or HubSpot is down, the sync waits; shown above every view. */
import type { SyncState } from '../../../shared/api/sync-state';
import { OUTAGE_SYSTEM_LABELS } from '../../../shared/api/sync-state';

const time = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Says which system is down, why, since when, what waits and when the sync tries again; null otherwise. */
export function OutageBanner(props: { state: SyncState | undefined }) {
  const s = props.state;
  if (s?.state !== 'degraded') return null;
  const system = OUTAGE_SYSTEM_LABELS[s.system];
  return (
    <div class="banner banner-degraded" role="alert" data-testid="outage-banner" data-system={s.system}>
      <p>
        <strong>{system} outage — the sync is waiting.</strong> {s.reason}
      </p>
      <p>
        Since {time(s.since)}.{' '}
        {s.queued === 0
          ? 'No change waits in the queue yet.'
          : `${s.queued} ${s.queued === 1 ? 'change is' : 'changes are'} held in the queue, none lost.`}{' '}
        Next attempt at {time(s.retryAt)}. Nothing to fix in the records: the sync resumes by itself when{' '}
        {system} answers again.
      </p>
    </div>
  );
}
