/**
 * @module Records deleted or merged in Salesforce, read with queryAll (IsDeleted = true) from a
 * SystemModstamp cursor. A merge (MasterRecordId set on the deleted loser) moves the loser's link to the
 * surviving record, or, when the survivor already syncs with another CRM record, closes it: the loser is
 * never re-created. A plain delete closes the link; the CRM record is archived only when the admin's
 * record rule says so (off by default). The history says which.
 */
import type { DescribeResult } from '../salesforce/adapter';
import { soql, soqlDateTime, soqlSchema } from '../salesforce/soql';
import { callWithRetry } from './call-policy';
import type { SfPullContext } from './contexts';
import type { ObjectMapping } from './default-mapping';

const PAGE = 2000;

/**
 * The queryAll SOQL that reads one object's deleted and merged rows since the last look, or null on the
 * very first look (the cursor is then set to now: deletes before the sync first looked are history).
 */
export async function deletedRowsQuery(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
): Promise<string | null> {
  const { store } = ctx;
  const key = `sf:${m.sfObject}:deleted` as const;
  const cursor = await store.cursor(key);
  if (!cursor) {
    await store.setCursor(key, { stamp: new Date(ctx.now()).toISOString(), id: '' });
    return null;
  }
  const on = soqlSchema(describe);
  const merges = describe.fields.some((f) => f.name === 'MasterRecordId');
  const select = on.fields(['Id', 'SystemModstamp', ...(merges ? ['MasterRecordId'] : [])]);
  const since = soqlDateTime(new Date(cursor.stamp).toISOString());
  return soql`SELECT ${select} FROM ${on.object} WHERE IsDeleted = true AND SystemModstamp >= ${since} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`
    .text;
}

/**
 * Handles the deletes and merges of one object since the last look; returns how many links changed.
 * `firstPage`: the rows already read (inside the poll's Composite call), so no query of its own.
 */
export async function pullSalesforceDeletes(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
  firstPage?: Record<string, unknown>[],
): Promise<number> {
  const { store } = ctx;
  const key = `sf:${m.sfObject}:deleted` as const;
  let rows = firstPage;
  if (!rows) {
    const query = await deletedRowsQuery(ctx, m, describe);
    if (!query) return 0;
    rows = await callWithRetry(
      () => ctx.salesforce.query<Record<string, unknown>>(query, { includeDeleted: true }),
      m.sfObject,
      ctx.retry,
    );
  }
  const found = rows;
  const archive: string[] = [];
  let changed = 0;
  const deleteInCrm = (await store.recordRules()).deleteInCrm;
  // A closed link is never synced again: its open errors (a refused CRM delete among them) can no longer clear.
  const resolved: string[] = [];
  await store.tx(async () => {
    const t = ctx.now();
    for (const r of found) {
      const sfId = String(r.Id);
      const link = await store.linkBySfId(sfId);
      if (!link || link.crmType !== m.crmType) continue;
      changed++;
      const master = r.MasterRecordId ? String(r.MasterRecordId) : null;
      if (master) {
        const survivor = await store.linkBySfId(master);
        if (!survivor) {
          await store.moveLink(link.crmType, link.crmId, link.sfObject, master, true);
          await store.addHistory(
            link.crmType,
            link.crmId,
            t,
            'merged',
            `merged in Salesforce into ${link.sfObject} ${master}: the sync follows the surviving record`,
            null,
            master,
          );
          // The survivor gets the CRM id (an update by Id), and the CRM its Salesforce id.
          await store.enqueue(
            'to-sf',
            link.crmType,
            link.crmId,
            { refetch: true, reason: 'merged in Salesforce' },
            t,
          );
          continue;
        }
        await store.closeLink(link.crmType, link.crmId, `merged in Salesforce into ${master}`, t);
        resolved.push(...(await store.resolveRecord(link.crmType, link.crmId, t)));
        await store.addHistory(
          link.crmType,
          link.crmId,
          t,
          'merged',
          `merged in Salesforce into ${link.sfObject} ${master}, which syncs with CRM record ${survivor.crmId}: this record is no longer synced`,
          null,
          master,
        );
        continue;
      }
      await store.closeLink(link.crmType, link.crmId, 'deleted in Salesforce', t);
      resolved.push(...(await store.resolveRecord(link.crmType, link.crmId, t)));
      if (deleteInCrm) archive.push(link.crmId);
      await store.addHistory(
        link.crmType,
        link.crmId,
        t,
        'deleted',
        deleteInCrm
          ? `deleted in Salesforce (${link.sfObject} ${sfId}): archived in the CRM too, as the record rules say`
          : `deleted in Salesforce (${link.sfObject} ${sfId}): the CRM record is kept and no longer synced`,
        null,
        sfId,
      );
    }
    const last = found[found.length - 1];
    if (last) await store.setCursor(key, { stamp: String(last.SystemModstamp), id: String(last.Id) });
  });
  if (resolved.length) ctx.onResolved?.(resolved);
  // After the links are closed: a crash before this leaves the CRM record in place (nothing lost).
  if (archive.length) await ctx.crm.archive(m.crmType, archive);
  return changed;
}
