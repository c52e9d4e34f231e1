import { useState } from 'preact/hooks';
import type { PreviewAnswer, PreviewObject } from '../../../shared/api/preview';
import { CATEGORY_INFO, type Category } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';

const failingText = (o: PreviewObject) =>
  Object.entries(o.failing)
    .map(([c, n]) => `${CATEGORY_INFO[c as Category]?.label ?? c} ${n}`)
    .join(', ') || 'none';

/**
 * The dry run: what the sync would create, link and update in Salesforce, read from both sides without
 * writing; and, for a newly connected pair, the button that lets its first sync start.
 */
export function PreviewView(props: { client: ProxyClient | null }) {
  const [preview, setPreview] = useState<PreviewAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  if (!props.client) return <p class="muted">Pair with the proxy to preview the sync.</p>;
  const client = props.client;
  const load = async () => {
    setBusy(true);
    setNote(null);
    try {
      setPreview(await client.call('POST /sync/preview'));
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  const accept = async () => {
    try {
      await client.call('POST /sync/accept-preview');
      setPreview(preview && { ...preview, accepted: true });
      setNote({ text: 'Accepted: the sync starts with its next run.', error: false });
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  };
  return (
    <section aria-labelledby="preview-title" class="preview" data-testid="preview">
      <h2 id="preview-title">Preview</h2>
      <p class="muted">
        What the next sync would do, read from Salesforce and the CRM. Nothing is written to either.
      </p>
      <button type="button" onClick={load} disabled={busy} aria-busy={busy}>
        {busy ? 'Reading both sides…' : 'Preview'}
      </button>
      {preview && (
        <>
          <table data-testid="preview-table">
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Create</th>
                <th scope="col">Link by match</th>
                <th scope="col">Update</th>
                <th scope="col">Ambiguous</th>
                <th scope="col">Will fail</th>
                <th scope="col">Calls</th>
              </tr>
            </thead>
            <tbody>
              {preview.objects.map((o) => (
                <tr key={o.crmType}>
                  <th scope="row">
                    {o.crmType} → {o.sfObject}
                  </th>
                  <td>{o.toCreate}</td>
                  <td>{o.toLink}</td>
                  <td>{o.toUpdate}</td>
                  <td>{o.ambiguousCount}</td>
                  <td>{failingText(o)}</td>
                  <td>{o.estimatedCalls}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            About {preview.estimatedCalls} Salesforce calls (this preview spent {preview.callsSpent}).
          </p>
          {preview.objects.some((o) => o.ambiguous.length) && (
            <ul class="plain" aria-label="Ambiguous matches">
              {preview.objects.flatMap((o) =>
                o.ambiguous.map((a) => (
                  <li key={`${o.crmType}:${a.crmId}`}>
                    {a.name ?? a.crmId}: {a.candidates.length} Salesforce records share {a.value} (
                    {a.candidates.join(', ')})
                  </li>
                )),
              )}
            </ul>
          )}
          {preview.required && !preview.accepted && (
            <button type="button" onClick={accept} data-testid="accept-preview">
              Accept and start syncing
            </button>
          )}
        </>
      )}
      {note && (
        <p role="status" class={note.error ? 'error' : undefined}>
          {note.text}
        </p>
      )}
    </section>
  );
}
