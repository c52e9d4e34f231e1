import { useState } from 'preact/hooks';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import type { Category } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';
import { useFirstPaintDone } from '../../cache/first-paint';
import { countOf, formatAgo, formatCount } from '../format';
import { useOfflineDescribedBy } from '../shell/proxy-offline';
import { CategoryCards } from './CategoryCards';
import { StateBanner } from './StateBanner';
import { TopGroups } from './TopGroups';
import { UsageCard } from './UsageCard';

/** Usage, sync state, the eight error types and the biggest causes. */
export function Overview(props: {
  summary: HealthSummaryResponse;
  client: ProxyClient | null;
  onOpen(category: Category, group?: string): void;
  /** Called after a change made here (sync run, allocation, cleared suspension); awaited. */
  onChanged: () => Promise<void> | void;
}) {
  const { summary, client } = props;
  const [syncing, setSyncing] = useState(false);
  const [note, setNote] = useState('');
  const offline = useOfflineDescribedBy();
  // The first frame from the cache is the summary line alone; the rest follows below it, so nothing moves.
  const rest = useFirstPaintDone();
  const syncNow = async () => {
    if (!client) return;
    setSyncing(true);
    try {
      const run = await client.call('POST /sync/run');
      setNote(
        run.failure ? `The run stopped: ${run.failure}` : `Synced ${countOf(run.processed, 'change')}.`,
      );
      await props.onChanged();
    } catch (err) {
      setNote((err as Error).message);
    } finally {
      setSyncing(false);
    }
  };
  return (
    <div class="overview">
      <StateBanner state={summary.state} client={client} onChanged={props.onChanged} />
      <p class="sync-line">
        <span aria-live="polite" data-testid="total-errors" elementtiming="first-summary">
          {summary.totalOpenErrors === 0
            ? 'No open sync errors: every record is flowing.'
            : `${countOf(summary.totalOpenErrors, 'open sync error')}`}
        </span>
        <span class="muted">
          {' · '}
          {summary.lastSyncAt ? `last sync ${formatAgo(summary.lastSyncAt)}` : 'not synced yet'}
          {summary.queueSize ? ` · ${formatCount(summary.queueSize)} waiting to sync` : ''}
        </span>
        <button
          type="button"
          class="secondary small"
          onClick={syncNow}
          disabled={syncing || !client}
          aria-describedby={offline}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </p>
      {note && <p role="status">{note}</p>}
      {rest && (
        <>
          <UsageCard usage={summary.usage} client={client} onChanged={props.onChanged} />
          <CategoryCards categories={summary.categories} onOpen={(c) => props.onOpen(c)} />
          <TopGroups client={client} version={summary.totalOpenErrors} onOpen={props.onOpen} />
        </>
      )}
    </div>
  );
}
