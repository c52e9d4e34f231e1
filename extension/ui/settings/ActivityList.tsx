import { useEffect, useState } from 'preact/hooks';
import type { ActivityItem } from '../../../shared/api/team';
import type { ProxyClient } from '../../api/proxy-client';
import { loadError } from '../admin-message';
import { formatFull, formatWhen } from '../format';

const PAGE = 20;

// "you" starts the line; an e-mail stays as it is written.
const whoText = (who: string) => (who === 'you' ? 'You' : who);

/**
 * Settings → Activity: who changed what for the whole sync (allocation, settings, mappings, setup,
 * the preview, team alerts), newest first, from GET /activity. Viewers read it too. Changes to one
 * record (a resync) are in that record's history instead.
 */
export function ActivityList(props: { client: ProxyClient | null }) {
  const { client } = props;
  const [items, setItems] = useState<ActivityItem[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before?: number) => {
    if (!client) return;
    setLoading(true);
    try {
      const page = await client.call('GET /activity', { query: { limit: PAGE, before } });
      setItems((shown) => (before && shown ? [...shown, ...page.items] : page.items));
      setNext(page.nextBefore);
      setError(null);
    } catch (err) {
      setError(loadError(err));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [client]);

  if (!client) return null;
  return (
    <section aria-labelledby="activity-title" class="activity" data-testid="activity">
      <h2 id="activity-title">Activity</h2>
      <p class="muted">Who changed the sync's settings, and when. A resync is in the record's own history.</p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {items && !items.length && <p class="muted">No changes yet.</p>}
      {items && items.length > 0 && (
        <ol class="activity-list" aria-busy={loading ? 'true' : undefined}>
          {items.map((item) => {
            const at = Date.parse(item.at);
            return (
              <li key={item.id} data-testid="activity-item">
                <time dateTime={item.at} title={formatFull(at)}>
                  {formatWhen(at)}
                </time>{' '}
                <strong data-testid="activity-who">{whoText(item.who)}</strong>:{' '}
                <span data-testid="activity-summary">{item.summary}</span>
              </li>
            );
          })}
        </ol>
      )}
      <div class="button-row">
        <button type="button" class="secondary small" disabled={loading} onClick={() => load()}>
          Refresh
        </button>
        {next !== null && (
          <button type="button" class="secondary small" disabled={loading} onClick={() => load(next)}>
            Show older changes
          </button>
        )}
      </div>
    </section>
  );
}
