import { useEffect, useState } from 'preact/hooks';
import type { InclusionListAnswer } from '../../../shared/api/inclusion-list';
import type { ProxyClient } from '../../api/proxy-client';
import { writeCached } from '../../cache/health-db';
import { useCached } from '../../cache/use-cached';
import { errorForForm, groupNumbers } from '../admin-message';
import { formatCount } from '../format';
import { useOfflineDescribedBy, useOfflineReason, useReadClient } from '../shell/proxy-offline';

const LABELS = { listId: 'The HubSpot list' };
const ALL = '';

/** One list as the picker shows it: its name and how many contacts it holds. */
const optionText = (l: { name: string; size: number; processingType: string }) =>
  `${l.name} (${formatCount(l.size)} ${l.size === 1 ? 'contact' : 'contacts'}${l.processingType === 'DYNAMIC' ? ', active list' : ''})`;

/**
 * Contact rules: which HubSpot contacts sync to Salesforce — all of them, or only the members of one
 * HubSpot list (HubSpot's "inclusion list"). The lists and their sizes come from the portal.
 */
export function ContactRulesForm(props: { client: ProxyClient | null }) {
  const offline = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const client = offline ? null : props.client;
  // Read even when changes are off: a viewer sees the saved values (read-only), not an empty form.
  const reader = useReadClient(props.client);
  const loaded = useCached<InclusionListAnswer>(
    'answers',
    'settings:inclusion-list',
    reader && (() => reader.call('GET /settings/inclusion-list')),
    [reader],
  );
  const answer = loaded.data?.value ?? null;
  const [saved, setSaved] = useState<InclusionListAnswer | null>(null);
  const [draft, setDraft] = useState(ALL);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (!answer) return;
    setSaved(answer);
    setDraft(answer.selected?.id ?? ALL);
  }, [answer]);
  if (!saved) {
    if (loaded.loading) return <p aria-busy="true">Loading the contact rules…</p>;
    return null;
  }
  const save = async (e: Event) => {
    e.preventDefault();
    if (!client) return;
    try {
      const next = await client.call('PUT /settings/inclusion-list', {
        body: { listId: draft === ALL ? null : draft },
      });
      setSaved(next);
      void writeCached('answers', 'settings:inclusion-list', next).catch(() => undefined);
      setNote({ text: `Saved. ${groupNumbers(next.message)}`, error: false });
    } catch (err) {
      setNote({ text: errorForForm(err, LABELS), error: true });
    }
  };
  const missing = saved.selected?.missing ? saved.selected : null;
  return (
    <form onSubmit={save} aria-labelledby="contact-rules-title" data-testid="contact-rules-form">
      <h2 id="contact-rules-title">Contact rules</h2>
      <p class="muted">
        Choose which HubSpot contacts sync to Salesforce. Contacts outside the list are skipped: they are not
        errors, and contacts that leave it keep their Salesforce record.
      </p>
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">Which contacts sync</legend>
        <label>
          Sync only the contacts in this HubSpot list
          <select
            name="listId"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            aria-describedby="contact-rules-note"
          >
            <option value={ALL}>All contacts (no list)</option>
            {missing && <option value={missing.id}>{missing.name} (no longer in HubSpot)</option>}
            {saved.lists.map((l) => (
              <option key={l.id} value={l.id}>
                {optionText(l)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" aria-describedby={describedBy}>
          Save
        </button>
      </fieldset>
      <p
        id="contact-rules-note"
        role={note?.error ? 'alert' : 'status'}
        class={note?.error || missing ? 'error' : 'muted'}
      >
        {note ? note.text : groupNumbers(saved.message)}
      </p>
    </form>
  );
}
