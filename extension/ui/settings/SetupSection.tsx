import { useEffect, useState } from 'preact/hooks';
import type { SetupActionResult, SetupResponse } from '../../../shared/api/setup';
import type { ProxyClient } from '../../api/proxy-client';
import { errorForForm, loadError } from '../admin-message';
import { formatAgo, formatFull } from '../format';

/**
 * Settings → Setup: is the org and portal ready for the sync? The checklist from GET /setup (each
 * problem with its fix), what "Create missing fields" will do, and, once asked, each item's result.
 */
export function SetupSection(props: { client: ProxyClient | null }) {
  const [setup, setSetup] = useState<SetupResponse | null>(null);
  const [results, setResults] = useState<SetupActionResult[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Opening Settings shows the last check (no Salesforce call); "Check again" asks the org anew.
  const load = (refresh = false) => {
    setError(null);
    if (refresh) setBusy(true);
    props.client
      ?.call('GET /setup', refresh ? { query: { refresh: 'true' } } : undefined)
      .then(setSetup)
      .catch((err: Error) => setError(loadError(err)))
      .finally(() => setBusy(false));
  };
  useEffect(() => load(), [props.client]);
  if (!props.client) return <p class="muted">Pair with the proxy to check the setup.</p>;

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await props.client!.call('POST /setup/apply', { body: {} });
      setResults(res.results);
      setSetup(res.after);
    } catch (err) {
      setError(errorForForm(err, {}));
    } finally {
      setBusy(false);
    }
  };
  const problems = setup?.items.filter((i) => !i.ok) ?? [];

  return (
    <section aria-labelledby="setup-title" class="setup" data-testid="setup-section">
      <h2 id="setup-title">Setup</h2>
      {error && <p role="alert">{error}</p>}
      {!setup ? (
        !error && <p aria-busy="true">Checking the org and the portal…</p>
      ) : setup.ready ? (
        <p class="status ok" data-testid="setup-ready">
          Ready: all {setup.items.length} checks pass.
        </p>
      ) : (
        <>
          <p data-testid="setup-summary">
            {problems.length} of {setup.items.length} checks need a change before the sync can write.
          </p>
          <ol data-testid="setup-problems">
            {problems.map((p) => (
              <li key={p.id} data-id={p.id}>
                <strong>{p.title}</strong>
                <br />
                {p.problem}
                <br />
                <span class="muted">Fix: {p.fix}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {setup && setup.planned.length > 0 && (
        <>
          <h3>"Create missing fields" will</h3>
          <ul data-testid="setup-planned">
            {setup.planned.map((a) => (
              <li key={a.id}>{a.description}</li>
            ))}
          </ul>
          <button type="button" onClick={apply} disabled={busy} data-testid="setup-apply">
            {busy ? 'Creating…' : 'Create missing fields'}
          </button>
        </>
      )}
      {results && (
        <ul data-testid="setup-results" aria-label="What was done">
          {results.map((r) => (
            <li key={r.id} data-outcome={r.outcome}>
              {r.outcome === 'failed' || r.outcome === 'skipped' ? '✗' : '✓'} {r.target}: {r.outcome}
              {r.outcome === 'failed' || r.outcome === 'skipped' ? ` — ${r.message}` : ''}
            </li>
          ))}
        </ul>
      )}
      {setup && (
        <p class="muted setup-checked">
          <span data-testid="setup-checked-at" title={formatFull(Date.parse(setup.checkedAt))}>
            Checked {formatAgo(Date.parse(setup.checkedAt))}.
          </span>{' '}
          <button
            type="button"
            class="secondary small"
            onClick={() => load(true)}
            disabled={busy}
            data-testid="setup-recheck"
          >
            Check again
          </button>
        </p>
      )}
    </section>
  );
}
