/**
 * @module Salesforce → CRM: SOQL on SystemModstamp from a stored cursor, changed values written to the
 * CRM in batches of 100; our own writes coming back (echoes) are recognised and skipped.
 */
import type { DescribeResult } from '../salesforce/adapter';
import { soql, soqlDateTime, soqlId, soqlSchema } from '../salesforce/soql';
import { parentOf, parentSelect, queueAssociation } from './associate-in-crm';
import { callWithRetry } from './call-policy';
import { contentHash } from './content-hash';
import type { SfPullContext, SyncedContent } from './contexts';
import { sfToCrm } from './convert-value';
import { type CreatePayload, crmValuesOf } from './create-in-crm';
import type { ObjectMapping } from './default-mapping';
import { followConversion, LEAD } from './lead-routing';
import { crmRefusal } from './record-failure';

const PAGE = 2000;

interface SfCursor {
  stamp: string;
  id: string;
}

/** Equal as the CRM would store them: '' and null alike, numbers by value, dates by day. */
function sameValue(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = a ?? '';
  const y = b ?? '';
  if (x === y) return true;
  if (x !== '' && y !== '' && Number.isFinite(Number(x)) && Number.isFinite(Number(y)))
    return Number(x) === Number(y);
  return /^\d{4}-\d{2}-\d{2}/.test(x) && x.slice(0, 10) === y.slice(0, 10);
}

const soqlDate = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`;
const after = (stamp: string, id: string, c: SfCursor) => {
  const d = Date.parse(stamp) - Date.parse(c.stamp);
  return d > 0 || (d === 0 && id > c.id);
};

/**
 * The SOQL of the first page `pullFromSalesforce` would read now, for the poll's Composite call; null
 * when it would read nothing (no field flows back, or no cursor yet).
 */
export function firstPageQuery(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
): string | null {
  const fields = new Set(describe.fields.map((f) => f.name));
  const back = m.fields.filter((f) => f.direction !== 'crm-to-sf' && fields.has(f.sf));
  const cursor = ctx.store.cursor(`sf:${m.sfObject}` as const);
  if (!back.length || !cursor) return null;
  const on = soqlSchema(describe);
  const select = on.fields([
    'Id',
    'SystemModstamp',
    m.externalId,
    ...back.map((f) => f.sf),
    ...parentSelect(m, describe.fields),
  ]);
  const notUs = ctx.integrationUserId
    ? soql` AND LastModifiedById != ${soqlId(ctx.integrationUserId)}`
    : soql``;
  return soql`SELECT ${select} FROM ${on.object} WHERE SystemModstamp >= ${soqlDateTime(soqlDate(cursor.stamp))}${notUs} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`
    .text;
}

/**
 * Pulls Salesforce changes of one object into the CRM; returns how many CRM records it updated and how
 * many changed rows it read (what adaptive polling watches).
 */
export async function pullFromSalesforce(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
  /** The first page, already read (by the poll's one Composite call) with `firstPageQuery`. */
  firstPage?: Record<string, unknown>[],
): Promise<{ updated: number; seen: number }> {
  const { store } = ctx;
  const fields = new Map(describe.fields.map((f) => [f.name, f]));
  const back = m.fields.filter((f) => f.direction !== 'crm-to-sf' && fields.has(f.sf));
  const key = `sf:${m.sfObject}` as const;
  const cursor = store.cursor(key);
  if (!back.length) return { updated: 0, seen: 0 };
  if (!cursor) {
    // The first sync loads from the CRM; Salesforce history before it is not replayed into the CRM.
    // Past every id of this instant: records stamped in the very millisecond the sync starts are history too.
    store.setCursor(key, { stamp: new Date(ctx.now()).toISOString(), id: '\uffff' });
    return { updated: 0, seen: 0 };
  }
  let updated = 0;
  let seen = 0;
  // The parent (AccountId) comes in the same query: associating in the CRM costs no Salesforce call.
  const parent = parentSelect(m, describe.fields);
  const on = soqlSchema(describe);
  for (let c = cursor, continuing = false; ; continuing = true) {
    const isLead = m.sfObject === LEAD;
    const conversion = isLead ? ['IsConverted', 'ConvertedContactId'] : [];
    const select = on.fields([
      'Id',
      'SystemModstamp',
      m.externalId,
      ...back.map((f) => f.sf),
      ...parent,
      ...conversion,
    ]);
    const notUs = ctx.integrationUserId
      ? soql` AND LastModifiedById != ${soqlId(ctx.integrationUserId)}`
      : soql``;
    // Rows without an external id are records created in Salesforce: they are created in the CRM.
    // After a full page, go on from (stamp, Id): a bulk load stamps thousands of rows in one instant,
    // and ">= stamp" would return the same first page again.
    const at = soqlDateTime(new Date(c.stamp).toISOString());
    const since = continuing
      ? soql`(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${c.id}))`
      : soql`SystemModstamp >= ${soqlDateTime(soqlDate(c.stamp))}`;
    const query = soql`SELECT ${select} FROM ${on.object} WHERE ${since}${notUs} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`;
    const rows =
      firstPage && !continuing
        ? firstPage
        : await callWithRetry(
            () => ctx.salesforce.query<Record<string, unknown>>(query.text),
            m.sfObject,
            ctx.retry,
          );
    const fresh = rows.filter((r) => after(String(r.SystemModstamp), String(r.Id), c));
    seen += fresh.length;
    const updates: {
      crmId: string;
      sfId: string;
      diff: Record<string, string | null>;
      merged: SyncedContent;
    }[] = [];
    const creates: { sfId: string; payload: CreatePayload }[] = [];
    const moves: { sfId: string; crmId: string; account: NonNullable<ReturnType<typeof parentOf>> }[] = [];
    const converted: { crmId: string; leadId: string; contactId: string }[] = [];
    for (const r of fresh) {
      const sfId = String(r.Id);
      const crmId = r[m.externalId] ? String(r[m.externalId]) : store.linkBySfId(sfId)?.crmId;
      if (isLead && r.IsConverted) {
        // Converted: the CRM contact follows the new Contact; the lead itself is never written again.
        if (crmId && r.ConvertedContactId)
          converted.push({ crmId, leadId: sfId, contactId: String(r.ConvertedContactId) });
        continue;
      }
      const account = parentOf(m, r, parent);
      if (!crmId) {
        creates.push({ sfId, payload: { props: crmValuesOf(m, describe, r), account } });
        continue;
      }
      const content = store.content<SyncedContent>(m.crmType, crmId);
      // Moved to another Account in Salesforce (or its company was never associated): associate.
      // A cleared AccountId leaves the CRM's associations alone.
      const company = account ? store.linkBySfId(account.id) : null;
      if (account && (!company || company.crmId !== content?.companyId)) moves.push({ sfId, crmId, account });
      if (!content) continue;
      const diff: Record<string, string | null> = {};
      for (const f of back) {
        const v = sfToCrm(r[f.sf], fields.get(f.sf) as NonNullable<ReturnType<typeof fields.get>>);
        if (!sameValue(v, content.props[f.crm])) diff[f.crm] = v;
      }
      if (Object.keys(diff).length) {
        updates.push({
          crmId,
          sfId: String(r.Id),
          diff,
          merged: { ...content, props: { ...content.props, ...diff } },
        });
      }
    }
    const results = updates.length
      ? await ctx.crm.batchUpsert(
          m.crmType,
          updates.map((u) => ({ id: u.crmId, properties: u.diff })),
        )
      : [];
    const last = fresh[fresh.length - 1];
    store.tx(() => {
      const t = ctx.now();
      // Queued with the cursor move: a crash after it still creates them (see create-in-crm).
      for (const n of creates) store.enqueue('to-crm', m.crmType, n.sfId, n.payload, t);
      for (const c of converted) followConversion(store, c.crmId, c.leadId, c.contactId, t);
      for (const n of moves) queueAssociation(store, m, n.sfId, n.crmId, n.account, t);
      updates.forEach((u, i) => {
        const res = results[i];
        if (res?.ok) {
          updated++;
          // The CRM now holds these values: when its change comes back, the hash says "nothing new".
          store.setContentHash(
            m.crmType,
            u.crmId,
            contentHash(m, u.merged.props, u.merged.companyId),
            u.merged,
          );
          store.addHistory(
            m.crmType,
            u.crmId,
            t,
            'crm-update',
            `updated from Salesforce: ${Object.keys(u.diff).join(', ')}`,
            null,
            u.sfId,
          );
          return;
        }
        const failure =
          res && !res.ok ? res : { code: 'NO_RESULT', message: 'The CRM returned no result for this record' };
        const message = failure.message;
        const ref = { crmType: m.crmType, crmId: u.crmId, sfObject: m.sfObject, sfId: u.sfId };
        const input = crmRefusal(ref, failure, message, res);
        const { id, isNew } = store.recordError(input, t);
        store.addHistory(m.crmType, u.crmId, t, 'crm-update', `failed: ${input.category}`, id, message);
        if (isNew) ctx.onError(id, input);
      });
      if (last) store.setCursor(key, { stamp: String(last.SystemModstamp), id: String(last.Id) });
    });
    if (rows.length < PAGE) return { updated, seen };
    // A full page with nothing new (a restart inside one instant's rows) goes on from the cursor itself.
    if (last) c = { stamp: String(last.SystemModstamp), id: String(last.Id) };
  }
}
