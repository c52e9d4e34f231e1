import type { HistoryEntry } from '../../../shared/api/errors';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The record's sync attempts and outcomes, newest first. */
export function RecordHistory(props: { history: HistoryEntry[]; lastSyncedAt: number | null }) {
  return (
    <section aria-labelledby="record-history" class="record-history">
      <h3 id="record-history">Sync history</h3>
      {props.lastSyncedAt && <p class="muted">Last synced {when(props.lastSyncedAt)}</p>}
      {props.history.length === 0 ? (
        <p class="muted">No sync attempts recorded yet.</p>
      ) : (
        <ol class="plain history">
          {props.history.slice(0, 20).map((h) => (
            <li key={`${h.at}-${h.action}-${h.outcome}`}>
              <time dateTime={new Date(h.at).toISOString()}>{when(h.at)}</time> {h.action}:{' '}
              <strong>{h.outcome}</strong>
              {h.detail ? ` — ${h.detail}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
