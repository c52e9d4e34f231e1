import { useEffect, useState } from 'preact/hooks';
import type { RecordLookupAnswer } from '../../../shared/api/control';
import { type RecordRef, recordKey } from '../../../shared/record-url';
import { useProxyClient } from '../../api/use-proxy-client';
import { readCached, writeCached } from '../../cache/health-db';
import { useOfflineReason } from '../shell/proxy-offline';
import { RecordErrors } from './RecordErrors';
import { RecordHistory } from './RecordHistory';
import { objectName, recordState, recordStateText, unnamedRecord } from './record-state';

// Salesforce may answer with the 15-character form of an 18-character id; HubSpot ids compare whole.
const sameId = (a: string, b: string) =>
  a === b || (a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15));

const SYSTEM_NAME = { hubspot: 'HubSpot', salesforce: 'Salesforce' } as const;

/** The record the active tab shows: synced or not, the copy on the other side, its errors and history. */
export function RecordView(props: { record: RecordRef | null }) {
  const client = useProxyClient();
  const [answer, setAnswer] = useState<RecordLookupAnswer | null>(null);
  const [problem, setProblem] = useState('');
  const [reloadAt, setReloadAt] = useState(0);
  const { record } = props;
  const offline = useOfflineReason();

  useEffect(() => {
    if (!client || !record) return;
    let current = true;
    let fresh = false;
    const key = recordKey(record);
    setProblem('');
    // Paint the last known answer at once (also when the proxy is down); the fresh one replaces it.
    readCached<RecordLookupAnswer>('records', key)
      .then((hit) => current && !fresh && hit && setAnswer(hit.value))
      .catch(() => undefined /* no cache: wait for the proxy */);
    client
      .call('GET /records/lookup', {
        query: { system: record.system, objectType: record.objectType, id: record.id },
      })
      .then((a) => {
        fresh = true;
        if (current) setAnswer(a);
        void writeCached('records', key, a).catch(() => undefined);
      })
      .catch((err: Error) => current && setProblem(err.message));
    return () => {
      current = false;
    };
  }, [client, record?.system, record?.objectType, record?.id, reloadAt]);

  if (!record)
    return (
      <section aria-label="This record" class="record empty-state">
        <p>
          Open a HubSpot or Salesforce record in this window to see whether it syncs, and jump to its copy.
        </p>
      </section>
    );
  const here = SYSTEM_NAME[record.system];
  const other = record.system === 'hubspot' ? 'Salesforce' : 'HubSpot';
  // The answer on screen may still be the previous record's while the new one loads.
  const current = answer && answer.system === record.system && sameId(answer.id, record.id) ? answer : null;
  const otherLink = current
    ? record.system === 'hubspot'
      ? current.salesforce?.url
      : current.crm?.url
    : null;
  const object = objectName(record);
  const name = current?.crm?.name ?? unnamedRecord(record);
  const state = recordState(current, problem !== '');
  return (
    <section aria-labelledby="record-title" class="record" data-testid="record-view" data-state={state}>
      <h2 id="record-title">{name}</h2>
      {/* The record's id only while its name is unknown (the title then carries it); an id is no name. */}
      <p class="muted">
        {here} · {object}
      </p>
      <p class={`record-state state-${state}`} role="status" data-testid="record-state">
        {recordStateText(state, current?.openErrors.length ?? 0)}
      </p>
      {/* The proxy being away is said once, by the shell's status line; other refusals are said here. */}
      {problem && !offline && <p role="alert">{problem}</p>}
      {otherLink ? (
        <p>
          <a href={otherLink} target="_blank" rel="noreferrer" class="button" data-testid="other-side-link">
            Open in {other} ↗
          </a>
        </p>
      ) : (
        current && <p class="muted">No linked {other} record yet.</p>
      )}
      {current && current.openErrors.length > 0 && (
        <RecordErrors
          client={client}
          errors={current.openErrors}
          onResynced={() => setReloadAt(Date.now())}
        />
      )}
      {current && (
        <RecordHistory
          history={current.history}
          lastSyncedAt={current.lastSyncedAt}
          crmType={current.crm?.objectType}
        />
      )}
    </section>
  );
}
