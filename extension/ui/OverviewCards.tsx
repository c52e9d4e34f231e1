import { useEffect, useState } from 'preact/hooks';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import { CATEGORY_INFO } from '../../shared/taxonomy';
import { createProxyClient } from '../api/proxy-client';
import { proxySettings } from '../settings/proxy-settings';

/** API usage and the eight error-type cards, from the proxy's health summary. */
export function OverviewCards() {
  const [summary, setSummary] = useState<HealthSummaryResponse | null>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    let cancelled = false;
    proxySettings.getValue().then((settings) =>
      createProxyClient(settings)
        .request<HealthSummaryResponse>('/health/summary')
        .then((s) => !cancelled && setSummary(s))
        .catch((err: Error) => !cancelled && setProblem(err.message)),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  if (problem) return <p role="alert">{problem}</p>;
  if (!summary) return <p aria-busy="true">Loading sync health…</p>;
  const { usage } = summary;
  return (
    <section aria-label="Sync health overview">
      <p data-testid="usage">
        API calls in the last 24 h: {usage.syncCalls24h.toLocaleString()} of{' '}
        {usage.allocation.toLocaleString()} allocated
        {usage.org ? ` (org: ${usage.org.used.toLocaleString()} / ${usage.org.limit.toLocaleString()})` : ''}
      </p>
      <ul class="cards">
        {summary.categories.map((c) => (
          <li
            key={c.category}
            data-testid={`card-${c.category}`}
            title={CATEGORY_INFO[c.category].description}
          >
            <strong>{CATEGORY_INFO[c.category].label}</strong>
            <span data-field="errors">{c.openErrors}</span> errors ·{' '}
            <span data-field="records">{c.affectedRecords}</span> records
          </li>
        ))}
      </ul>
    </section>
  );
}
