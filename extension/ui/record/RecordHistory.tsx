import type { HistoryEntry } from '../../../shared/api/errors';
import { historyDetail, historyOutcomeParts, historyText } from './history-text';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The record's sync attempts and outcomes, newest first. */
export function RecordHistory(props: {
  history: HistoryEntry[];
  lastSyncedAt: number | null;
  /** The record's HubSpot object, for the lines that name another record of it by id. */
  crmType?: string;
}) {
  return (
    <section aria-labelledby="record-history" class="record-history">
      <h3 id="record-history">Sync history</h3>
      {props.lastSyncedAt && <p class="muted">Last synced {when(props.lastSyncedAt)}</p>}
      {props.history.length === 0 ? (
        <p class="muted">No sync attempts recorded yet.</p>
      ) : (
        <ol class="plain history">
          {props.history.slice(0, 20).map((h) => {
            const text = historyText(h);
            const detail = historyDetail(h.detail);
            return (
              <li key={`${h.at}-${h.action}-${h.outcome}`} class={text.failed ? 'failed' : undefined}>
                <time dateTime={new Date(h.at).toISOString()}>{when(h.at)}</time> · {text.action}:{' '}
                <strong>
                  {historyOutcomeParts(h, props.crmType).map((part, i) =>
                    'text' in part ? (
                      part.text
                    ) : part.record.url ? (
                      // The id is no name: it is on hover, for whoever searches by it.
                      <a
                        key={i}
                        href={part.record.url}
                        target="_blank"
                        rel="noreferrer"
                        title={`Id ${part.record.id}`}
                        data-testid="history-record"
                      >
                        {part.record.text}
                        <span class="sr-only"> (opens a new tab)</span>
                      </a>
                    ) : (
                      <span key={i} title={`Id ${part.record.id}`} data-testid="history-record">
                        {part.record.text}
                      </span>
                    ),
                  )}
                </strong>
                {detail ? <span class="history-detail"> — {detail}</span> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
