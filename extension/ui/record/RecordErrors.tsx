import { useState } from 'preact/hooks';
import type { ErrorItem, ResyncOutcomeItem } from '../../../shared/api/errors';
import { objectWords } from '../../../shared/object-words';
import { CATEGORY_INFO } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';
import { mappingTargetOf } from '../settings/mapping-link';
import { OpenMappingLink } from '../settings/OpenMappingLink';

/** A record's open errors with how to fix each, and one button to resync them after the fix. */
export function RecordErrors(props: {
  client: ProxyClient | null;
  errors: ErrorItem[];
  onResynced: () => Promise<void> | void;
}) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const resync = async () => {
    if (!props.client) return;
    setBusy(true);
    setNote('');
    try {
      const { outcomes } = await props.client.call('POST /resync', {
        body: { errorIds: props.errors.map((e) => e.id) },
      });
      const resolved = outcomes.filter((o: ResyncOutcomeItem) => o.outcome === 'resolved').length;
      const failing = outcomes.filter((o: ResyncOutcomeItem) => o.outcome === 'failing');
      setNote(
        failing.length
          ? `${resolved} resolved; still failing: ${failing.map((f) => f.error?.message).join('; ')}`
          : `Resolved ${resolved} ${resolved === 1 ? 'error' : 'errors'}.`,
      );
      await props.onResynced();
    } catch (err) {
      setNote((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="record-errors" class="record-errors">
      <h3 id="record-errors">Open errors</h3>
      <ul class="plain">
        {props.errors.map((e) => (
          <li key={e.id} class="error-card" data-testid="record-error">
            <strong>{e.title}</strong> <span class="chip">{CATEGORY_INFO[e.category].label}</span>
            <p>{e.summary ?? e.message}</p>
            {e.duplicateOf && e.duplicateUrl && (
              <p data-testid="record-duplicate-of">
                {/* The id is no name: it is on hover, for whoever searches Salesforce by it. */}
                <a href={e.duplicateUrl} target="_blank" rel="noreferrer" title={`Id ${e.duplicateOf}`}>
                  Open the existing {objectWords(e.sfObject)} it matches in Salesforce
                  <span class="sr-only"> (new tab)</span>
                </a>
              </p>
            )}
            <details>
              <summary>How to fix</summary>
              <ol>
                {e.steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
              <OpenMappingLink target={mappingTargetOf(e)} />
            </details>
          </li>
        ))}
      </ul>
      <button type="button" onClick={resync} disabled={busy || !props.client} data-testid="record-resync">
        {busy
          ? 'Resyncing…'
          : `Resync ${props.errors.length === 1 ? 'this error' : `these ${props.errors.length} errors`}`}
      </button>
      <p role="status" aria-live="polite">
        {note}
      </p>
    </section>
  );
}
