import { useEffect, useState } from 'preact/hooks';
import { HEADROOM_MAX_PERCENT, type HeadroomAnswer } from '../../../shared/api/control';
import type { ProxyClient } from '../../api/proxy-client';
import { writeCached } from '../../cache/health-db';
import { useCached } from '../../cache/use-cached';
import { errorForForm, groupNumbers } from '../admin-message';
import { useOfflineDescribedBy, useOfflineReason, useReadClient } from '../shell/proxy-offline';

const LABELS = { headroomPercent: 'The share left to other integrations' };

/**
 * The share of the org's daily limit the sync leaves to the org's other integrations (0 = off). The
 * allocation itself is edited on the usage bar (Health); this caps the sync by what the org has left.
 */
export function HeadroomForm(props: { client: ProxyClient | null }) {
  const offline = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const client = offline ? null : props.client;
  // Read even when changes are off: a viewer sees the saved values (read-only), not an empty form.
  const reader = useReadClient(props.client);
  const loaded = useCached<HeadroomAnswer>(
    'answers',
    'settings:headroom',
    reader && (() => reader.call('GET /settings/headroom')),
    [reader],
  );
  const answer = loaded.data?.value ?? null;
  const [draft, setDraft] = useState('');
  const [saved, setSaved] = useState<HeadroomAnswer | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (!answer) return;
    setSaved(answer);
    setDraft(String(answer.headroomPercent));
  }, [answer]);
  if (!saved) {
    if (loaded.loading) return <p aria-busy="true">Loading the API call settings…</p>;
    return null;
  }
  const save = async (e: Event) => {
    e.preventDefault();
    const p = Number(draft.trim().replace(/%$/, ''));
    if (draft.trim() === '' || !Number.isInteger(p) || p < 0 || p > HEADROOM_MAX_PERCENT) {
      setNote({
        text: `Enter a whole percent from 0 to ${HEADROOM_MAX_PERCENT} (0 turns it off).`,
        error: true,
      });
      return;
    }
    try {
      if (!client) return;
      const next = await client.call('PUT /settings/headroom', { body: { headroomPercent: p } });
      setSaved(next);
      void writeCached('answers', 'settings:headroom', next).catch(() => undefined);
      setNote({ text: `Saved. ${groupNumbers(next.message)}`, error: false });
    } catch (err) {
      setNote({ text: errorForForm(err, LABELS), error: true });
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="headroom-title" data-testid="headroom-form">
      <h2 id="headroom-title">Salesforce API calls</h2>
      <p class="muted">
        Your org's daily limit is shared with every integration. The sync's own allocation is set on the usage
        bar in Overview.
      </p>
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">Share of the org's daily limit left to other integrations</legend>
        <label>
          Leave at least this share of the org's daily limit to other integrations (%, 0 = off)
          <input
            name="headroomPercent"
            inputMode="numeric"
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            aria-invalid={note?.error ? 'true' : undefined}
            aria-describedby="headroom-note"
          />
        </label>
        <button type="submit" aria-describedby={describedBy}>
          Save
        </button>
      </fieldset>
      <p id="headroom-note" role={note?.error ? 'alert' : 'status'} class={note?.error ? 'error' : 'muted'}>
        {note ? note.text : groupNumbers(saved.message)}
      </p>
    </form>
  );
}
