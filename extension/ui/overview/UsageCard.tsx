import { useState } from 'preact/hooks';
import type { UsageHistoryAnswer } from '../../../shared/api/control';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import type { ProxyClient } from '../../api/proxy-client';
import { useCached } from '../../cache/use-cached';
import { useOfflineDescribedBy } from '../shell/proxy-offline';
import { UsageChart } from './UsageChart';

type Usage = HealthSummaryResponse['usage'];
const n = (x: number) => x.toLocaleString();

function forecastText(u: Usage): string {
  if (u.forecast.callsPerHour === 0) return 'No calls in the last hour.';
  const rate = `${n(u.forecast.callsPerHour)} calls in the last hour`;
  if (!u.forecast.exhaustedAt) return `${rate}.`;
  const hours = (u.forecast.exhaustedAt - Date.now()) / 3_600_000;
  if (hours <= 0) return `${rate}: the allocation is used up.`;
  return hours > 24
    ? `${rate}: the allocation lasts the day at this pace.`
    : `${rate}: at this pace the allocation runs out in ${hours < 1 ? 'under an hour' : `${Math.round(hours)} h`}.`;
}

/** API usage: used / allocation / org limit, a bar, the 24-hour chart, the forecast; the allocation edited in place. */
export function UsageCard(props: { usage: Usage; client: ProxyClient | null; onChanged(): void }) {
  const { usage, client } = props;
  // Cached so the chart is there at first paint and when the proxy is stopped.
  const history = useCached<UsageHistoryAnswer>(
    'answers',
    'usage-history:24',
    client && (() => client.call('GET /usage/history', { query: { hours: 24 } })),
    [client, usage.syncCalls24h],
  ).data?.value;
  const [editing, setEditing] = useState(false);
  const offline = useOfflineDescribedBy();
  const [draft, setDraft] = useState(String(usage.allocation));
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!client) return;
    const value = Number(draft.trim());
    if (!Number.isInteger(value) || value < 1) {
      setNote({ text: 'Enter a whole number of calls per 24 hours, at least 1.', error: true });
      return;
    }
    try {
      const answer = await client.call('PUT /settings/allocation', { body: { allocation: value } });
      setNote({ text: answer.message, error: false });
      setEditing(false);
      props.onChanged();
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  };

  const percent = Math.min(100, Math.round(usage.allocationPercent));
  return (
    <section class="card usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Salesforce API usage</h2>
      <p data-testid="usage">
        <strong>{n(usage.syncCalls24h)}</strong> of {n(usage.allocation)} calls allocated to the sync (last 24
        h)
        {usage.org ? ` · org: ${n(usage.org.used)} of ${n(usage.org.limit)}` : ''}
      </p>
      <div
        class={`bar ${percent >= 90 ? 'bar-hot' : percent >= 75 ? 'bar-warm' : ''}`}
        role="progressbar"
        aria-label="Share of the allocation used"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      {history && <UsageChart hours={history.hours} />}
      <p class="muted">{forecastText(usage)}</p>
      {editing ? (
        <form class="inline-form" onSubmit={save}>
          <label>
            Allocation (calls per 24 h)
            <input
              name="allocation"
              inputMode="numeric"
              value={draft}
              onInput={(e) => setDraft(e.currentTarget.value)}
              aria-invalid={note?.error ? 'true' : undefined}
              aria-describedby="allocation-note"
            />
          </label>
          <button type="submit" disabled={!client} aria-describedby={offline}>
            Save
          </button>
          <button type="button" class="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          class="link"
          disabled={!client}
          aria-describedby={offline}
          onClick={() => {
            setDraft(String(usage.allocation));
            setNote(null);
            setEditing(true);
          }}
        >
          Change allocation
        </button>
      )}
      {note && (
        <p id="allocation-note" role={note.error ? 'alert' : 'status'} class={note.error ? 'error' : 'muted'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
