/**
 * @module The admin's record rules (where new CRM contacts go in Salesforce, whether deletes travel,
 * the inclusion list) and the link moves they cause: a converted lead or a merge moves a link to the
 * surviving record, a delete closes it (kept in `closed_links`, so the record is never synced again).
 */
import type Database from 'better-sqlite3';
import { type RecordRules, recordRulesSchema } from '../../shared/api/record-rules';
import type { CrmType } from './types';

export type { RecordRules };

// Contacts, not Leads, for the embedded demo: its contract (proxy/sandbox/DEMO.md) is built on Contacts.
export const DEFAULT_RECORD_RULES: RecordRules = {
  contactsCreateAs: 'Contact',
  deleteInSalesforce: false,
  deleteInCrm: false,
  inclusionListId: null,
};

export interface ClosedLink {
  crmType: CrmType;
  crmId: string;
  sfObject: string;
  sfId: string | null;
  reason: string;
  closedAt: number;
}

/** A `closed_links` row as the closed link it describes, or null (a pure mapper both stores use). */
export const toClosed = (r: Record<string, unknown> | undefined): ClosedLink | null =>
  r
    ? {
        crmType: r.crm_type as CrmType,
        crmId: String(r.crm_id),
        sfObject: String(r.sf_object),
        sfId: (r.sf_id as string | null) ?? null,
        reason: String(r.reason),
        closedAt: Number(r.closed_at),
      }
    : null;

export function createRecordRules(db: Database.Database) {
  const getSetting = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  const putSetting = db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const move = db.prepare(
    `UPDATE links SET sf_object = ?, sf_id = ?, stamp_pending = ? WHERE crm_type = ? AND crm_id = ?`,
  );
  const getLink = db.prepare<[string, string], { sf_object: string; sf_id: string | null }>(
    `SELECT sf_object, sf_id FROM links WHERE crm_type = ? AND crm_id = ?`,
  );
  const countTo = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM links WHERE sf_object = ? AND sf_id IS NOT NULL`,
  );
  const dropLink = db.prepare(`DELETE FROM links WHERE crm_type = ? AND crm_id = ?`);
  const dropQueued = db.prepare(
    `DELETE FROM queue WHERE object_type = ? AND record_id = ? AND direction <> 'to-crm'`,
  );
  const putClosed = db.prepare(
    `INSERT INTO closed_links (crm_type, crm_id, sf_object, sf_id, reason, closed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (crm_type, crm_id) DO UPDATE SET sf_object = excluded.sf_object, sf_id = excluded.sf_id,
       reason = excluded.reason, closed_at = excluded.closed_at`,
  );
  const getClosed = db.prepare(`SELECT * FROM closed_links WHERE crm_type = ? AND crm_id = ?`);
  const getClosedBySf = db.prepare(`SELECT * FROM closed_links WHERE sf_id = ?`);

  const recordRules = (): RecordRules => {
    const row = getSetting.get('record_rules');
    // A value this version does not understand falls back to the defaults, field by field.
    const parsed = recordRulesSchema.partial().safeParse(row ? JSON.parse(row.value) : {});
    return { ...DEFAULT_RECORD_RULES, ...(parsed.success ? parsed.data : {}) };
  };

  return {
    recordRules,
    setRecordRules(patch: Partial<RecordRules>): RecordRules {
      const next = recordRulesSchema.parse({ ...recordRules(), ...patch });
      putSetting.run('record_rules', JSON.stringify(next));
      return next;
    },
    /**
     * Points a CRM record's link at another Salesforce record (a converted lead's Contact, a merge's
     * survivor). `stampPending`: that record does not hold the CRM id yet, so the next push is an update
     * by Id that writes it (an upsert on the external id would create a twin).
     */
    moveLink(crmType: CrmType, crmId: string, sfObject: string, sfId: string, stampPending: boolean): void {
      move.run(sfObject, sfId, stampPending ? 1 : 0, crmType, crmId);
    },
    /** Ends a link for good: the pair is no longer synced, its pending changes leave the queue. */
    closeLink(crmType: CrmType, crmId: string, reason: string, at: number): void {
      const link = getLink.get(crmType, crmId);
      putClosed.run(crmType, crmId, link?.sf_object ?? '', link?.sf_id ?? null, reason, at);
      dropLink.run(crmType, crmId);
      dropQueued.run(crmType, crmId);
    },
    /** How many linked records point at this Salesforce object. */
    linksTo: (sfObject: string) => countTo.get(sfObject)?.n ?? 0,
    closedLink: (crmType: CrmType, crmId: string) =>
      toClosed(getClosed.get(crmType, crmId) as Record<string, unknown> | undefined),
    closedLinkBySfId: (sfId: string) =>
      toClosed(getClosedBySf.get(sfId) as Record<string, unknown> | undefined),
  };
}

export type RecordRulesStore = ReturnType<typeof createRecordRules>;
