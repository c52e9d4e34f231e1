import { useState } from 'preact/hooks';
import type { PreviewAnswer, PreviewObject } from '../../../shared/api/preview';
import { CATEGORY_INFO, type Category } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';
import { countOf, formatCount } from '../format';

/** "Picklists: 4, Property mappings: 3": what will fail, by category (under the table: it is too wide for a cell). */
const failingText = (o: PreviewObject) =>
  Object.entries(o.failing)
    .map(([c, n]) => `${CATEGORY_INFO[c as Category]?.label ?? c}: ${formatCount(n ?? 0)}`)
    .join(', ');
const failingTotal = (o: PreviewObject) => Object.values(o.failing).reduce((n: number, k) => n + (k ?? 0), 0);

/** "HubSpot companies → Salesforce Accounts", in the words of each side. */
const CRM_LABEL: Record<string, string> = { companies: 'Companies', contacts: 'Contacts', deals: 'Deals' };
const CRM_SINGULAR: Record<string, string> = { companies: 'company', contacts: 'contact', deals: 'deal' };
const SF_LABEL: Record<string, string> = {
  Account: 'Accounts',
  Contact: 'Contacts',
  Opportunity: 'Opportunities',
  Lead: 'Leads',
};
/**
 * The pair a column stands for, in words: "companies → Accounts", "contacts that are Leads → Leads". The
 * column heads name the HubSpot side only, so that four objects fit a 360 px panel; this says the rest.
 */
const pairWords = (o: PreviewObject) =>
  `${o.sfObject === 'Lead' ? 'contacts that are Leads' : (CRM_LABEL[o.crmType] ?? o.crmType).toLowerCase()} → ${SF_LABEL[o.sfObject] ?? o.sfObject}`;
/** One column per Salesforce object: HubSpot contacts that live as Leads have their own. */
const columnKey = (o: PreviewObject) => (o.sfObject === 'Lead' ? 'leads' : o.crmType);

/** The table's rows: one line per thing the sync would do, one column per object. */
const MEASURES: { id: string; label: string; value: (o: PreviewObject) => string }[] = [
  { id: 'create', label: 'New in Salesforce', value: (o) => formatCount(o.toCreate) },
  { id: 'link', label: 'Linked to the same record', value: (o) => formatCount(o.toLink) },
  { id: 'update', label: 'Updated', value: (o) => formatCount(o.toUpdate) },
  { id: 'ambiguous', label: 'Several matches, left alone', value: (o) => formatCount(o.ambiguousCount) },
  {
    id: 'copy',
    label: 'To copy from Salesforce to HubSpot',
    value: (o) => formatCount(o.toCopyToCrm ?? 0),
  },
  { id: 'failing', label: 'Will fail', value: (o) => formatCount(failingTotal(o)) },
  { id: 'calls', label: 'Salesforce calls', value: (o) => formatCount(o.estimatedCalls) },
];

/** What the inclusion list leaves out: "157 contacts not in the inclusion list "Sync to Salesforce" are not synced." */
function inclusionText(list: NonNullable<PreviewAnswer['inclusionList']>, objects: PreviewObject[]): string {
  if (list.missing)
    return `The inclusion list (${list.name}) no longer exists in HubSpot: the sync waits until you choose another list, or all contacts, under Settings → Contact rules.`;
  const left = objects.reduce((n, o) => n + o.notInList, 0);
  if (left === 0) return `Every contact above is in the inclusion list "${list.name}".`;
  return `${countOf(left, 'contact')} not in the inclusion list "${list.name}" ${left === 1 ? 'is' : 'are'} not synced.`;
}

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
        What the next sync would do, read from Salesforce and HubSpot. Nothing is written to either.
      </p>
      <button type="button" onClick={load} disabled={busy} aria-busy={busy} data-testid="preview-run">
        {busy ? 'Reading both sides…' : 'Preview'}
      </button>
      {preview && (
        <>
          {/* Focusable and named: a panel too narrow for every column scrolls it with the keyboard too. */}
          <section
            class="preview-table-scroll"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
            tabIndex={0}
            aria-label="What the sync would do, by object"
          >
            <table data-testid="preview-table" class="preview-table">
              <thead>
                <tr>
                  <td />
                  {preview.objects.map((o) => (
                    <th scope="col" key={columnKey(o)} data-object={columnKey(o)} title={pairWords(o)}>
                      {o.sfObject === 'Lead' ? 'Leads' : (CRM_LABEL[o.crmType] ?? o.crmType)}
                      <span class="sr-only">: {pairWords(o)}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {MEASURES.filter((row) => row.id !== 'copy' || preview.copyExisting).map((row) => (
                  <tr key={row.id} data-measure={row.id}>
                    <th scope="row">{row.label}</th>
                    {preview.objects.map((o) => (
                      <td key={columnKey(o)}>{row.value(o)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p class="muted" data-testid="preview-pairs">
            HubSpot → Salesforce: {preview.objects.map(pairWords).join('; ')}.
          </p>
          {preview.objects.some((o) => failingTotal(o) > 0) && (
            <ul class="preview-failing" data-testid="preview-failing">
              {preview.objects
                .filter((o) => failingTotal(o) > 0)
                .map((o) => (
                  <li key={columnKey(o)} data-object={columnKey(o)}>
                    Will fail, {pairWords(o)}: {failingText(o)}
                  </li>
                ))}
            </ul>
          )}
          <p data-testid="preview-summary">
            About {countOf(preview.estimatedCalls, 'Salesforce call')} for this sync (this preview used{' '}
            {formatCount(preview.callsSpent)}).
          </p>
          {!preview.copyExisting && (
            <p data-testid="preview-copy-off">
              Records only Salesforce holds stay there: the first sync does not copy them to HubSpot (Settings
              → Bulk sends and checks for changes can turn that on).
            </p>
          )}
          {preview.inclusionList && (
            <p data-testid="preview-inclusion">{inclusionText(preview.inclusionList, preview.objects)}</p>
          )}
          {preview.objects.some((o) => o.ambiguous.length) && (
            <h3>Several matches: left alone until merged</h3>
          )}
          {preview.objects.some((o) => o.ambiguous.length) && (
            <ul class="plain" aria-label="Ambiguous matches" data-testid="preview-ambiguous">
              {preview.objects.flatMap((o) =>
                o.ambiguous.map((a) => (
                  <li key={`${o.crmType}:${a.crmId}`}>
                    <strong>
                      {a.name ?? `A HubSpot ${CRM_SINGULAR[o.crmType] ?? 'record'} without a name`}
                    </strong>
                    : {a.value} is on {formatCount(a.candidates.length)} Salesforce{' '}
                    {(SF_LABEL[o.sfObject] ?? o.sfObject).toLowerCase()}. Merge them in Salesforce (search for{' '}
                    {a.value}) and the next sync links the one left.
                    {/* The ids only as a second look: Salesforce's search finds them by the shared value. */}
                    <details class="muted">
                      <summary>Salesforce record ids</summary>
                      {a.candidates.join(', ')}
                    </details>
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
        <p role="status" class={note.error ? 'error' : undefined} data-testid="preview-note">
          {note.text}
        </p>
      )}
    </section>
  );
}
