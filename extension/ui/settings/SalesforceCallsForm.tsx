import { useEffect, useState } from 'preact/hooks';
import { SALESFORCE_CALLS_BOUNDS, type SalesforceCallsAnswer } from '../../../shared/api/control';
import { salesforceChangesLine } from '../../../shared/api/sync-state';
import type { ProxyClient } from '../../api/proxy-client';
import { writeCached } from '../../cache/health-db';
import { useCached } from '../../cache/use-cached';
import { errorForForm, groupNumbers } from '../admin-message';
import { formatCount } from '../format';
import { useOfflineDescribedBy, useOfflineReason, useReadClient } from '../shell/proxy-offline';

const LABELS = {
  bulkThreshold: 'Send in bulk above',
  pollFloorMinutes: 'The shortest wait between checks',
  pollCeilingMinutes: 'The longest wait between checks',
  safetyPollHours: 'Check live records every',
};

type Draft = Record<keyof typeof LABELS, string>;

const draftOf = (a: SalesforceCallsAnswer): Draft => ({
  bulkThreshold: formatCount(a.bulkThreshold),
  pollFloorMinutes: String(a.pollFloorMinutes),
  pollCeilingMinutes: String(a.pollCeilingMinutes),
  safetyPollHours: String(a.safetyPollHours),
});

/** What is wrong with a draft, in words, before anything is sent (the proxy checks again). */
function problemOf(d: Draft): string | null {
  const n = (v: string) => Number(v.trim().replace(/[,\s]/g, ''));
  const b = SALESFORCE_CALLS_BOUNDS;
  const bulk = n(d.bulkThreshold);
  if (!Number.isInteger(bulk) || bulk < b.bulkThreshold.min || bulk > b.bulkThreshold.max)
    return `Enter a whole number of records from ${formatCount(b.bulkThreshold.min)} to ${formatCount(b.bulkThreshold.max)} for "Send in bulk above".`;
  const floor = n(d.pollFloorMinutes);
  const ceiling = n(d.pollCeilingMinutes);
  for (const v of [floor, ceiling])
    if (!Number.isInteger(v) || v < b.pollMinutes.min || v > b.pollMinutes.max)
      return `Enter whole minutes from ${b.pollMinutes.min} to ${b.pollMinutes.max} for how often Salesforce is checked.`;
  if (floor > ceiling) return 'The first number of minutes must not be larger than the second.';
  const safety = n(d.safetyPollHours);
  if (!Number.isInteger(safety) || safety < b.safetyPollHours.min || safety > b.safetyPollHours.max)
    return `Enter whole hours from ${b.safetyPollHours.min} to ${b.safetyPollHours.max} for how often live records are checked.`;
  return null;
}

/**
 * Settings → "Bulk sends and checks for changes" (was "Salesforce calls", next to "Salesforce API calls"): when writes go in bulk, how often Salesforce is checked for changes, and
 * how they arrive now (change events or checks), from the sync status.
 */
export function SalesforceCallsForm(props: { client: ProxyClient | null }) {
  const offline = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const client = offline ? null : props.client;
  // Read even when changes are off: a viewer sees the saved values (read-only), not an empty form.
  const reader = useReadClient(props.client);
  const loaded = useCached<SalesforceCallsAnswer>(
    'answers',
    'settings:salesforce-calls',
    reader && (() => reader.call('GET /settings/salesforce-calls')),
    [reader],
  );
  const [arrival, setArrival] = useState<string | null>(null);
  useEffect(() => {
    if (!reader) return;
    reader.call('GET /sync/status').then(
      (s) => setArrival(s.salesforceChanges ? salesforceChangesLine(s.salesforceChanges) : null),
      () => setArrival(null),
    );
  }, [reader]);
  const answer = loaded.data?.value ?? null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [copy, setCopy] = useState(false);
  const [saved, setSaved] = useState<SalesforceCallsAnswer | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (!answer) return;
    setSaved(answer);
    setDraft(draftOf(answer));
    setCopy(answer.copyExistingToCrm);
  }, [answer]);
  if (!saved || !draft) {
    if (loaded.loading) return <p aria-busy="true">Loading the Salesforce call settings…</p>;
    return null;
  }
  const field = (name: keyof Draft) => ({
    name,
    inputMode: 'numeric' as const,
    value: draft[name],
    onInput: (e: { currentTarget: HTMLInputElement }) =>
      setDraft({ ...draft, [name]: e.currentTarget.value }),
    'aria-invalid': note?.error ? ('true' as const) : undefined,
    'aria-describedby': 'salesforce-calls-note',
  });
  const save = async (e: Event) => {
    e.preventDefault();
    const problem = problemOf(draft);
    if (problem) {
      setNote({ text: problem, error: true });
      return;
    }
    const n = (v: string) => Number(v.trim().replace(/[,\s]/g, ''));
    try {
      if (!client) return;
      const next = await client.call('PUT /settings/salesforce-calls', {
        body: {
          bulkThreshold: n(draft.bulkThreshold),
          pollFloorMinutes: n(draft.pollFloorMinutes),
          pollCeilingMinutes: n(draft.pollCeilingMinutes),
          safetyPollHours: n(draft.safetyPollHours),
          copyExistingToCrm: copy,
        },
      });
      setSaved(next);
      setDraft(draftOf(next));
      void writeCached('answers', 'settings:salesforce-calls', next).catch(() => undefined);
      setNote({ text: `Saved. ${groupNumbers(next.message)}`, error: false });
    } catch (err) {
      setNote({ text: errorForForm(err, LABELS), error: true });
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="salesforce-calls-title" data-testid="salesforce-calls-form">
      <h2 id="salesforce-calls-title">Bulk sends and checks for changes</h2>
      {arrival && (
        <p class="muted" data-testid="salesforce-changes">
          {arrival}
        </p>
      )}
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">When the sync sends in bulk and how often it checks Salesforce</legend>
        <label>
          Send in bulk above this many records of one kind
          <input {...field('bulkThreshold')} />
        </label>
        <p class="muted">Check Salesforce for changes every</p>
        <div class="inline-fields">
          <label>
            <span class="sr-only">Shortest wait, in minutes</span>
            <input {...field('pollFloorMinutes')} size={3} />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span class="sr-only">Longest wait, in minutes</span>
            <input {...field('pollCeilingMinutes')} size={3} />
          </label>
          <span>minutes</span>
        </div>
        <label>
          Check records whose changes arrive live every (hours)
          <input {...field('safetyPollHours')} />
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="copyExistingToCrm"
            checked={copy}
            onChange={(e) => setCopy(e.currentTarget.checked)}
          />
          On the first sync, copy the records only Salesforce holds to HubSpot (HubSpot's own integration
          does)
        </label>
        <button type="submit" aria-describedby={describedBy}>
          Save
        </button>
      </fieldset>
      <p
        id="salesforce-calls-note"
        role={note?.error ? 'alert' : 'status'}
        class={note?.error ? 'error' : 'muted'}
      >
        {note ? note.text : groupNumbers(saved.message)}
      </p>
    </form>
  );
}
