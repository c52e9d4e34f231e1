import { useEffect, useRef, useState } from 'preact/hooks';
import type { UsageHistoryAnswer } from '../../../shared/api/control';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import type { ProxyClient } from '../../api/proxy-client';
import { useCached } from '../../cache/use-cached';
import { errorForForm, groupNumbers } from '../admin-message';
import { countOf, formatCount } from '../format';
import { useOfflineDescribedBy } from '../shell/proxy-offline';
import { UsageChart } from './UsageChart';
import { kindRows, otherIntegrationsCalls } from './usage-kinds';

type Usage = HealthSummaryResponse['usage'];
const n = formatCount;

function forecastText(u: Usage): string {
  if (u.forecast.callsPerHour === 0) return 'No calls in the last hour.';
  const rate = `${countOf(u.forecast.callsPerHour, 'call')} in the last hour`;
  if (!u.forecast.exhaustedAt) return `${rate}.`;
  const hours = (u.forecast.exhaustedAt - Date.now()) / 3_600_000;
  if (hours <= 0) return `${rate}: the allocation is used up.`;
  return hours > 24
    ? `${rate}: at this pace the allocation lasts the day.`
    : `${rate}: at this pace the allocation runs out in ${hours < 1 ? 'under an hour' : `about ${Math.round(hours)} hours`}.`;
}

const ALLOCATION_LABELS = { allocation: 'The allocation' };

/**
 * All integrations' calls, never fewer than the sync's own: the org's figure is read from Salesforce's last
 * answer, the sync's counted up to now, so "all together used 18" beside "the sync used 19" could show.
 */
const orgUsed = (usage: Usage) => Math.max(usage.org?.used ?? 0, usage.syncCalls24h);

/**
 * The usage bar, HubSpot style: the sync's calls, the other integrations' calls, a marker at the
 * allocation (which opens its editor) and the org's daily limit at the end. Without the org's figures
 * the bar spans the allocation.
 */
function UsageBar(props: { usage: Usage; onEdit: (() => void) | null; describedBy?: string }) {
  const { usage } = props;
  const scale = Math.max(usage.org?.limit ?? usage.allocation, usage.allocation, 1);
  const pct = (x: number) => `${Math.min(100, (x / scale) * 100)}%`;
  const others = otherIntegrationsCalls(usage.syncCalls24h, usage.org) ?? 0;
  const level = usage.allocationPercent >= 90 ? 'bar-hot' : usage.allocationPercent >= 75 ? 'bar-warm' : '';
  const text =
    `${n(usage.syncCalls24h)} of ${n(usage.allocation)} allocated calls used` +
    (usage.org ? `; all integrations: ${n(orgUsed(usage))} of the org's ${n(usage.org.limit)}` : '');
  return (
    <div class="usage-bar">
      <div
        class={`bar ${level}`}
        role="progressbar"
        aria-label="Calls the sync used of its allocation"
        aria-valuemin={0}
        aria-valuemax={usage.allocation}
        aria-valuenow={Math.min(usage.syncCalls24h, usage.allocation)}
        aria-valuetext={text}
        data-testid="usage-bar"
      >
        <span class="used" style={{ width: pct(usage.syncCalls24h) }} />
        {others > 0 && <span class="others" style={{ width: pct(others) }} />}
        <span class="marker allocation" style={{ left: pct(usage.allocation) }} />
      </div>
      <div class="bar-scale">
        <span class="scale-start" aria-hidden="true">
          0
        </span>
        {props.onEdit ? (
          <button
            type="button"
            class="link allocation-label"
            style={{ left: pct(usage.allocation) }}
            onClick={props.onEdit}
            data-testid="edit-allocation"
          >
            Allocation {n(usage.allocation)} <span aria-hidden="true">✎</span>
            <span class="sr-only">, change</span>
          </button>
        ) : (
          <button
            type="button"
            class="link allocation-label"
            style={{ left: pct(usage.allocation) }}
            disabled
            aria-describedby={props.describedBy}
            data-testid="edit-allocation"
          >
            Allocation {n(usage.allocation)}
            <span class="sr-only">, change</span>
          </button>
        )}
        {usage.org && (
          <span class="limit-label" data-testid="org-limit">
            Org limit {n(usage.org.limit)}
          </span>
        )}
      </div>
      <ul class="legend plain">
        <li>
          <span class="swatch used" aria-hidden="true" /> Sync {n(usage.syncCalls24h)}
        </li>
        {usage.org && (
          // The one place the other integrations' share is said: beside its colour on the bar.
          <li data-testid="usage-others">
            <span class="swatch others" aria-hidden="true" /> Other integrations {n(others)}
          </li>
        )}
      </ul>
    </div>
  );
}

/** Where the sync's calls went, by kind (writes, checks for changes, …); nothing from an older proxy. */
function KindLegend(props: { usage: Usage }) {
  const rows = kindRows(props.usage.byKind);
  if (!rows.length) return null;
  return (
    <div class="usage-kinds" data-testid="usage-kinds">
      <p id="usage-kinds-title" class="muted">
        Where the sync's calls went:
      </p>
      <ul class="legend plain" aria-labelledby="usage-kinds-title">
        {rows.map((r) => (
          <li key={r.kind} data-kind={r.kind}>
            {r.label} <strong>{n(r.calls)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** API usage: the bar with its markers, the 24-hour chart and the forecast; the allocation edited on the bar. */
export function UsageCard(props: {
  usage: Usage;
  client: ProxyClient | null;
  onChanged: () => Promise<void> | void;
}) {
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
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!client) return;
    const value = Number(draft.trim().replace(/[\s,.\u202f\u00a0']/g, ''));
    if (!Number.isInteger(value) || value < 1) {
      setNote({ text: 'Enter a whole number of calls per 24 hours, at least 1.', error: true });
      return;
    }
    if (usage.org && value > usage.org.limit) {
      setNote({
        text: `Enter at most ${n(usage.org.limit)}: that is your org's daily limit, shared with every integration.`,
        error: true,
      });
      return;
    }
    try {
      const answer = await client.call('PUT /settings/allocation', { body: { allocation: value } });
      setNote({ text: groupNumbers(answer.message), error: false });
      setEditing(false);
      await props.onChanged();
    } catch (err) {
      setNote({ text: errorForForm(err, ALLOCATION_LABELS), error: true });
    }
  };

  return (
    <section class="card usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Salesforce API calls, last 24 hours</h2>
      <p data-testid="usage">
        The sync used <strong>{n(usage.syncCalls24h)}</strong> of its {n(usage.allocation)} allocated calls
        {usage.org
          ? `; all integrations together used ${n(orgUsed(usage))} of the org's ${n(usage.org.limit)}.`
          : '.'}
      </p>
      <UsageBar
        usage={usage}
        describedBy={offline}
        onEdit={
          client
            ? () => {
                setDraft(String(usage.allocation));
                setNote(null);
                setEditing(true);
              }
            : null
        }
      />
      <KindLegend usage={usage} />
      {editing && (
        <form class="inline-form" onSubmit={save}>
          <label>
            Allocation (calls per 24 hours)
            <input
              ref={input}
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
      )}
      {note && (
        <p id="allocation-note" role={note.error ? 'alert' : 'status'} class={note.error ? 'error' : 'muted'}>
          {note.text}
        </p>
      )}
      {/* Drawn empty until the history is read, so that its arrival moves nothing (no layout shift). */}
      <UsageChart hours={history?.hours ?? null} allocation={usage.allocation} />
      <p class="muted">{forecastText(usage)}</p>
    </section>
  );
}
