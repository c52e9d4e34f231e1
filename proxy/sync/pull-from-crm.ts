/** @module Pulls CRM changes since the stored cursor into the queue; cursor and queue move in one transaction. */
import type { CrmConnector, CrmCursor } from '../crm/types';
import type { Store } from '../store';
import { contentHash } from './content-hash';
import { followCrmMerge, MERGED_IDS_PROPERTY } from './crm-merges-deletes';
import type { ObjectMapping } from './default-mapping';
import { adoptCrmLead, LEAD, leadMapping, leadsInUse } from './lead-routing';
import { crmProperties, type PushPayload } from './push-to-salesforce';

const PAGE = 100;

export const crmCursorKey = (m: ObjectMapping) => `crm:${m.crmType}` as const;

/** Reads every page of changes; returns how many records were queued (echoes of our own writes skipped). */
export async function pullFromCrm(
  store: Store,
  crm: CrmConnector,
  m: ObjectMapping,
  now: () => number,
  inclusion?: { has(crmId: string): boolean } | null,
): Promise<number> {
  let queued = 0;
  // The first page re-reads the cursor's own millisecond: a record edited in that same millisecond
  // with a lower id would otherwise be skipped for good. The content hash drops what did not change.
  const stored = await store.cursor(crmCursorKey(m));
  let since: CrmCursor | null = stored ? { updatedAt: stored.updatedAt, id: '' } : null;
  // Contacts linked to Leads are compared on the Lead mapping (crmProperties reads their company name).
  const lead = m.crmType === 'contacts' && (await leadsInUse(store)) ? leadMapping(m) : null;
  const properties = [...crmProperties(m), MERGED_IDS_PROPERTY];
  for (;;) {
    const page = await crm.changedSince(m.crmType, since, properties, PAGE);
    if (!page.records.length) return queued;
    const ids = page.records.map((r) => r.id);
    const assoc = m.references.length ? await crm.associations(m.crmType, ids, 'companies') : [];
    await store.tx(async () => {
      const t = now();
      // The page's closed links, last hashes and linked objects in one read: on PostgreSQL each per-record
      // read was a round trip. A merge changes other records' links: after one, each record is read anew.
      const known = await store.crmRecordStates(m.crmType, ids);
      const fresh = async (id: string) => (await store.crmRecordStates(m.crmType, [id])).get(id);
      let merged = false;
      for (const r of page.records) {
        // A merge's new record takes over the link of the original that synced (no twin in Salesforce).
        if (await followCrmMerge(store, m, r, t)) merged = true;
        let state = merged ? await fresh(r.id) : known.get(r.id);
        // Archived, or its link was closed by a delete or merge in Salesforce: no longer synced.
        if (r.archived || state?.closed) continue;
        // Outside the inclusion list: skipped, not an error; queued again if it joins.
        if (inclusion && m.crmType === 'contacts' && !inclusion.has(r.id)) continue;
        const companyId = assoc.find((a) => a.fromId === r.id)?.toId ?? null;
        if (await adoptCrmLead(store, m.crmType, r.id, r.properties, m.crmIdProperty, t))
          state = await fresh(r.id);
        // A change identical to what was last synced is our own write coming back, or a no-op.
        const hashed = lead && state?.sfObject === LEAD ? lead : m;
        if ((state?.contentHash ?? null) === contentHash(hashed, r.properties, companyId)) continue;
        const payload: PushPayload = { props: r.properties, companyId, reason: 'changed in the CRM' };
        await store.enqueue('to-sf', m.crmType, r.id, payload, t);
        queued++;
      }
      const last = page.records[page.records.length - 1];
      await store.setCursor(crmCursorKey(m), page.next ?? { updatedAt: last.updatedAt, id: last.id });
    });
    // A short page is the end of the stream; an empty one costs a CRM call, not a Salesforce one.
    if (!page.next || page.records.length < PAGE) return queued;
    since = await store.cursor(crmCursorKey(m));
  }
}
