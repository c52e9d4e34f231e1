/**
 * @module A record's stored history as the API shows it: each record a line names by id gets the name the
 * sync knows it by (its link's name, the HubSpot record's name or e-mail) and its page on either side.
 * Rendering-time, so old lines read as well as new ones without a migration.
 */
import type { HistoryEntry, HistoryRecord, LinkBases } from '../../shared/api/errors';
import { isCrmType } from '../../shared/crm-types';
import { findHistoryRefs } from '../../shared/history-refs';
import { toId18 } from '../../shared/salesforce-id';
import type { Store } from '../store/index';
import { crmRecordUrl, sfRecordUrl } from './error-item';

/** The history with the records each line names; a record named on several lines is looked up once. */
export async function withHistoryRecords(
  history: HistoryEntry[],
  store: Store,
  links: LinkBases,
  crmType: string | null,
): Promise<HistoryEntry[]> {
  const known = new Map<string, HistoryRecord>();
  const lookUp = async (ref: ReturnType<typeof findHistoryRefs>[number]): Promise<HistoryRecord> => {
    const key = `${ref.system}:${ref.object}:${ref.id}`;
    const seen = known.get(key);
    if (seen) return seen;
    let found: HistoryRecord;
    if (ref.system === 'salesforce') {
      const link = await store.linkBySfId(toId18(ref.id) ?? ref.id);
      found = {
        system: 'salesforce',
        id: ref.id,
        name: link?.name ?? null,
        url: sfRecordUrl(links, ref.object, ref.id),
      };
    } else {
      const link = isCrmType(ref.object) ? await store.link(ref.object, ref.id) : null;
      found = {
        system: 'hubspot',
        id: ref.id,
        name: ref.quotedName ?? link?.name ?? null,
        url: crmRecordUrl(links, ref.object, ref.id),
      };
    }
    known.set(key, found);
    return found;
  };
  const out: HistoryEntry[] = [];
  for (const entry of history) {
    const refs = findHistoryRefs(entry.outcome, crmType ?? undefined);
    if (!refs.length) {
      out.push(entry);
      continue;
    }
    const records: HistoryRecord[] = [];
    for (const ref of refs) records.push(await lookUp(ref));
    out.push({ ...entry, records });
  }
  return out;
}
