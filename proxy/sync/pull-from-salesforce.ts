/**
 * @module Salesforce → CRM: SOQL on SystemModstamp from a stored cursor, changed values written to the
 * CRM in batches of 100; our own writes coming back (echoes) are recognised and skipped.
 */
import type { DescribeResult } from '../salesforce/adapter';
import { soql, soqlDateTime, soqlId, soqlSchema } from '../salesforce/soql';
import type { SfParent } from '../store';
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

/** What a pull of one mapping reads: the fields that flow back and exist in the org, and the parent. */
interface PullScope {
  m: ObjectMapping;
  describe: DescribeResult;
  fields: Map<string, DescribeResult['fields'][number]>;
  back: ObjectMapping['fields'];
  /** The parent (AccountId) comes in the same query: associating in the CRM costs no Salesforce call. */
  parent: string[];
  isLead: boolean;
}

/** A page's decisions, taken before any write: what to update, create, associate anew, or follow. */
interface PagePlan {
  updates: { crmId: string; sfId: string; diff: Record<string, string | null>; merged: SyncedContent }[];
  creates: { sfId: string; payload: CreatePayload }[];
  moves: { sfId: string; crmId: string; account: SfParent }[];
  converted: { crmId: string; leadId: string; contactId: string }[];
}

const cursorKey = (m: ObjectMapping) => `sf:${m.sfObject}` as const;

/** Plan: which mapped fields flow Salesforce → CRM in this org, and which parent and Lead fields to select. */
function pullScope(m: ObjectMapping, describe: DescribeResult): PullScope {
  const fields = new Map(describe.fields.map((f) => [f.name, f]));
  return {
    m,
    describe,
    fields,
    back: m.fields.filter((f) => f.direction !== 'crm-to-sf' && fields.has(f.sf)),
    parent: parentSelect(m, describe.fields),
    isLead: m.sfObject === LEAD,
  };
}

/**
 * Plan: the SOQL of one page from cursor `c`. Rows without an external id are records created in
 * Salesforce (they are created in the CRM). After a full page (`continuing`), it goes on from
 * (stamp, Id): a bulk load stamps thousands of rows in one instant, and ">= stamp" would return the
 * same first page again.
 */
function pageQuery(ctx: SfPullContext, scope: PullScope, c: SfCursor, continuing: boolean) {
  const { m, back, parent, isLead } = scope;
  const on = soqlSchema(scope.describe);
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
  const at = soqlDateTime(new Date(c.stamp).toISOString());
  const since = continuing
    ? soql`(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${c.id}))`
    : soql`SystemModstamp >= ${soqlDateTime(soqlDate(c.stamp))}`;
  return soql`SELECT ${select} FROM ${on.object} WHERE ${since}${notUs} ORDER BY SystemModstamp, Id LIMIT ${PAGE}`;
}

/**
 * The SOQL of the first page `pullFromSalesforce` would read now, for the poll's Composite call; null
 * when it would read nothing (no field flows back, or no cursor yet).
 */
export async function firstPageQuery(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
): Promise<string | null> {
  const scope = pullScope(m, describe);
  const cursor = await ctx.store.cursor(cursorKey(m));
  if (!scope.back.length || !cursor) return null;
  return pageQuery(ctx, scope, cursor, false).text;
}

/**
 * Plan: where this pull starts. Null when there is nothing to read: no field flows back, or this is the
 * first sync, which loads from the CRM; Salesforce history before it is not replayed into the CRM, so the
 * cursor is set past every id of this instant (records stamped in the very millisecond the sync starts
 * are history too).
 */
async function startCursor(ctx: SfPullContext, scope: PullScope): Promise<SfCursor | null> {
  const key = cursorKey(scope.m);
  const cursor = await ctx.store.cursor(key);
  if (!scope.back.length) return null;
  if (!cursor) {
    await ctx.store.setCursor(key, { stamp: new Date(ctx.now()).toISOString(), id: '\uffff' });
    return null;
  }
  return cursor;
}

/** Send: reads one page from `c` (the first one may already have been read by the poll's Composite call). */
async function readPage(
  ctx: SfPullContext,
  scope: PullScope,
  c: SfCursor,
  continuing: boolean,
  firstPage: Record<string, unknown>[] | undefined,
): Promise<Record<string, unknown>[]> {
  if (firstPage && !continuing) return firstPage;
  const query = pageQuery(ctx, scope, c, continuing);
  return callWithRetry(
    () => ctx.salesforce.query<Record<string, unknown>>(query.text),
    scope.m.sfObject,
    ctx.retry,
  );
}

/**
 * Plan: decides, for each new row of a page, without writing anything: a converted Lead's CRM contact
 * follows its new Contact; a row no CRM record is linked to is created there; a row moved to another
 * Account (or whose company was never associated) is associated; values the CRM does not already hold
 * (as last synced) are updated.
 */
async function planPage(
  ctx: SfPullContext,
  scope: PullScope,
  fresh: Record<string, unknown>[],
): Promise<PagePlan> {
  const { store } = ctx;
  const { m, describe, fields, back, parent, isLead } = scope;
  const plan: PagePlan = { updates: [], creates: [], moves: [], converted: [] };
  for (const r of fresh) {
    const sfId = String(r.Id);
    const crmId = r[m.externalId] ? String(r[m.externalId]) : (await store.linkBySfId(sfId))?.crmId;
    if (isLead && r.IsConverted) {
      // Converted: the CRM contact follows the new Contact; the lead itself is never written again.
      if (crmId && r.ConvertedContactId)
        plan.converted.push({ crmId, leadId: sfId, contactId: String(r.ConvertedContactId) });
      continue;
    }
    const account = parentOf(m, r, parent);
    if (!crmId) {
      plan.creates.push({ sfId, payload: { props: crmValuesOf(m, describe, r), account } });
      continue;
    }
    const content = await store.content<SyncedContent>(m.crmType, crmId);
    // A cleared AccountId leaves the CRM's associations alone.
    const company = account ? await store.linkBySfId(account.id) : null;
    if (account && (!company || company.crmId !== content?.companyId))
      plan.moves.push({ sfId, crmId, account });
    if (!content) continue;
    const diff: Record<string, string | null> = {};
    for (const f of back) {
      const v = sfToCrm(r[f.sf], fields.get(f.sf) as NonNullable<ReturnType<typeof fields.get>>);
      if (!sameValue(v, content.props[f.crm])) diff[f.crm] = v;
    }
    if (Object.keys(diff).length) {
      plan.updates.push({
        crmId,
        sfId: String(r.Id),
        diff,
        merged: { ...content, props: { ...content.props, ...diff } },
      });
    }
  }
  return plan;
}

/** Send: writes the changed values to the CRM in one batch; one result per update, in order. */
async function sendUpdates(ctx: SfPullContext, m: ObjectMapping, updates: PagePlan['updates']) {
  return updates.length
    ? await ctx.crm.batchUpsert(
        m.crmType,
        updates.map((u) => ({ id: u.crmId, properties: u.diff })),
      )
    : [];
}

/**
 * Persist: in one transaction with the cursor move to the page's `last` row, queues the creates,
 * follows the conversions, queues the associations, and stores each update's outcome (the new content
 * hash, or the CRM's refusal as an error). Returns how many CRM records were updated.
 */
async function persistPage(
  ctx: SfPullContext,
  m: ObjectMapping,
  plan: PagePlan,
  results: Awaited<ReturnType<typeof sendUpdates>>,
  last: Record<string, unknown> | undefined,
): Promise<number> {
  const { store } = ctx;
  let updated = 0;
  await store.tx(async () => {
    const t = ctx.now();
    // Queued with the cursor move: a crash after it still creates them (see create-in-crm).
    for (const n of plan.creates) await store.enqueue('to-crm', m.crmType, n.sfId, n.payload, t);
    for (const c of plan.converted) await followConversion(store, c.crmId, c.leadId, c.contactId, t);
    for (const n of plan.moves) await queueAssociation(store, m, n.sfId, n.crmId, n.account, t);
    for (const [i, u] of plan.updates.entries()) {
      const res = results[i];
      if (res?.ok) {
        updated++;
        // The CRM now holds these values: when its change comes back, the hash says "nothing new".
        await store.setContentHash(
          m.crmType,
          u.crmId,
          contentHash(m, u.merged.props, u.merged.companyId),
          u.merged,
        );
        await store.addHistory(
          m.crmType,
          u.crmId,
          t,
          'crm-update',
          `updated from Salesforce: ${Object.keys(u.diff).join(', ')}`,
          null,
          u.sfId,
        );
        continue;
      }
      const failure =
        res && !res.ok ? res : { code: 'NO_RESULT', message: 'The CRM returned no result for this record' };
      const message = failure.message;
      const ref = { crmType: m.crmType, crmId: u.crmId, sfObject: m.sfObject, sfId: u.sfId };
      const input = crmRefusal(ref, failure, message, res);
      const { id, isNew } = await store.recordError(input, t);
      await store.addHistory(m.crmType, u.crmId, t, 'crm-update', `failed: ${input.category}`, id, message);
      if (isNew) await ctx.onError(id, input);
    }
    if (last)
      await store.setCursor(cursorKey(m), { stamp: String(last.SystemModstamp), id: String(last.Id) });
  });
  return updated;
}

/**
 * Pulls Salesforce changes of one object into the CRM; returns how many CRM records it updated and how
 * many changed rows it read (what adaptive polling watches). Page by page: read, plan, write the
 * updates to the CRM, persist the outcomes with the cursor move.
 */
export async function pullFromSalesforce(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
  /** The first page, already read (by the poll's one Composite call) with `firstPageQuery`. */
  firstPage?: Record<string, unknown>[],
): Promise<{ updated: number; seen: number }> {
  const scope = pullScope(m, describe);
  const cursor = await startCursor(ctx, scope);
  if (!cursor) return { updated: 0, seen: 0 };
  let updated = 0;
  let seen = 0;
  for (let c = cursor, continuing = false; ; continuing = true) {
    const rows = await readPage(ctx, scope, c, continuing, firstPage);
    const fresh = rows.filter((r) => after(String(r.SystemModstamp), String(r.Id), c));
    seen += fresh.length;
    const plan = await planPage(ctx, scope, fresh);
    const results = await sendUpdates(ctx, m, plan.updates);
    const last = fresh[fresh.length - 1];
    updated += await persistPage(ctx, m, plan, results, last);
    if (rows.length < PAGE) return { updated, seen };
    // A full page with nothing new (a restart inside one instant's rows) goes on from the cursor itself.
    if (last) c = { stamp: String(last.SystemModstamp), id: String(last.Id) };
  }
}
