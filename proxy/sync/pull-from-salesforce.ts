/**
 * @module Salesforce → CRM: SOQL on SystemModstamp from a stored cursor, changed values written to the
 * CRM in batches of 100; our own writes coming back (echoes) are recognised and skipped. The first pull
 * of an object copies the records Salesforce already holds that have no CRM twin (as HubSpot's own
 * integration does): read in the poll's Composite call when they fit in one page, else through one
 * Bulk API 2.0 query above the bulk threshold, else paged SOQL; created in the CRM by create-in-crm.ts
 * (batches of 100, matched by email or domain first so that nothing is twinned).
 */
import { fieldWords } from '../../shared/taxonomy';
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

/** A query's first page as the poll's Composite call answered it. */
export interface FirstPage {
  records: Record<string, unknown>[];
  /** False when more pages follow (more than 2,000 rows). */
  done: boolean;
  /** Every row the query matches, in all its pages. */
  totalSize: number;
  /** Where the next page is read (when not done). */
  nextRecordsUrl?: string;
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
  if (!scope.back.length) return null;
  if (!cursor) return existingQuery(scope).text;
  return pageQuery(ctx, scope, cursor, false).text;
}

/**
 * Plan: the first pull's read of what Salesforce already holds: every record with no CRM id in its
 * external-id field (records the sync wrote or matched carry one). No LIMIT: its first page tells how
 * many there are (totalSize), which picks the way the rest is read.
 */
function existingQuery(scope: PullScope) {
  const { m, back, parent } = scope;
  const on = soqlSchema(scope.describe);
  const select = on.fields(['Id', 'SystemModstamp', m.externalId, ...back.map((f) => f.sf), ...parent]);
  return soql`SELECT ${select} FROM ${on.object} WHERE ${on.field(m.externalId)} = null ORDER BY Id`;
}

/**
 * How many records the first pull of `m` would copy to the CRM (one COUNT() query, one call); 0 when its
 * first pull is done, nothing flows back, or the copy is turned off. For the preview.
 */
export async function countToCopy(
  ctx: Pick<SfPullContext, 'store' | 'salesforce' | 'retry'>,
  m: ObjectMapping,
  describe: DescribeResult,
): Promise<number> {
  const scope = pullScope(m, describe);
  if (!scope.back.length || (await ctx.store.cursor(cursorKey(m)))) return 0;
  if (!(await ctx.store.settings()).copyExistingToCrm) return 0;
  const on = soqlSchema(describe);
  const query = soql`SELECT COUNT() FROM ${on.object} WHERE ${on.field(m.externalId)} = null`;
  return await callWithRetry(() => ctx.salesforce.count(query.text), m.sfObject, ctx.retry);
}

/**
 * Send and persist: copies the records Salesforce already holds to the CRM, page by page (queued as
 * creates with their values; create-in-crm.ts matches and creates them). `first` is the poll's page of
 * `existingQuery`: complete, it costs nothing more. Otherwise, above the bulk threshold one Bulk API 2.0
 * query reads them all, below it paged SOQL; without the poll's page (more due objects than one
 * Composite holds, no Composite, or its subrequest failed) the query's own first page tells which.
 * Returns how many rows it read.
 */
async function copyExisting(ctx: SfPullContext, scope: PullScope, first?: FirstPage): Promise<number> {
  const query = existingQuery(scope).text;
  let rows: Record<string, unknown>[];
  if (first?.done) rows = first.records;
  else {
    const threshold = (await ctx.store.settings()).bulkThreshold;
    // The poll's page, when there is one, is not read again: readAll goes on from it.
    rows = (
      await callWithRetry(() => ctx.salesforce.readAll(query, threshold, first), scope.m.sfObject, ctx.retry)
    ).rows;
  }
  for (let i = 0; i < rows.length; i += PAGE) {
    const plan = await planPage(ctx, scope, rows.slice(i, i + PAGE));
    const results = await sendUpdates(ctx, scope.m, plan.updates);
    // No cursor move: a crash re-reads them, and queueing a create again replaces the same item.
    await persistPage(ctx, scope, plan, results, undefined);
  }
  return rows.length;
}

/**
 * Plan: where this pull starts. Null when there is nothing to read: no field flows back, or this is the
 * first pull, which copies the records Salesforce already holds (unless the admin turned that off) and
 * sets the cursor at its start: a record changed during the copy is read again by the next pull.
 */
async function startCursor(
  ctx: SfPullContext,
  scope: PullScope,
  first?: FirstPage,
): Promise<{ cursor: SfCursor | null; copied: number }> {
  const key = cursorKey(scope.m);
  const cursor = await ctx.store.cursor(key);
  if (!scope.back.length) return { cursor: null, copied: 0 };
  if (cursor) return { cursor, copied: 0 };
  const startedAt = ctx.now();
  const copied = (await ctx.store.settings()).copyExistingToCrm ? await copyExisting(ctx, scope, first) : 0;
  // Past every id of this instant: records stamped in the very millisecond the copy starts were read.
  await ctx.store.setCursor(key, { stamp: new Date(startedAt).toISOString(), id: '\uffff' });
  return { cursor: null, copied };
}

/** Send: reads one page from `c` (the first one may already have been read by the poll's Composite call). */
async function readPage(
  ctx: SfPullContext,
  scope: PullScope,
  c: SfCursor,
  continuing: boolean,
  firstPage: FirstPage | undefined,
): Promise<Record<string, unknown>[]> {
  if (firstPage?.done && !continuing) return firstPage.records;
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
 * The record history's words for the fields a pull changed: each CRM property by the label of the
 * Salesforce field it came from ("Title, Mobile Phone"), never a property's internal name.
 */
function changedFieldWords(scope: Pick<PullScope, 'm' | 'fields'>, properties: string[]): string {
  return properties
    .map((crm) => {
      const sf = scope.m.fields.find((f) => f.crm === crm)?.sf;
      return (sf && (scope.fields.get(sf)?.label || fieldWords(sf))) || crm;
    })
    .join(', ');
}

/**
 * Persist: in one transaction with the cursor move to the page's `last` row, queues the creates,
 * follows the conversions, queues the associations, and stores each update's outcome (the new content
 * hash, or the CRM's refusal as an error). Returns how many CRM records were updated.
 */
async function persistPage(
  ctx: SfPullContext,
  scope: PullScope,
  plan: PagePlan,
  results: Awaited<ReturnType<typeof sendUpdates>>,
  last: Record<string, unknown> | undefined,
): Promise<number> {
  const { store } = ctx;
  const { m } = scope;
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
          `updated from Salesforce: ${changedFieldWords(scope, Object.keys(u.diff))}`,
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
  firstPage?: FirstPage,
): Promise<{ updated: number; seen: number }> {
  const scope = pullScope(m, describe);
  const { cursor, copied } = await startCursor(ctx, scope, firstPage);
  if (!cursor) return { updated: 0, seen: copied };
  let updated = 0;
  let seen = 0;
  for (let c = cursor, continuing = false; ; continuing = true) {
    const rows = await readPage(ctx, scope, c, continuing, firstPage);
    const fresh = rows.filter((r) => after(String(r.SystemModstamp), String(r.Id), c));
    seen += fresh.length;
    const plan = await planPage(ctx, scope, fresh);
    const results = await sendUpdates(ctx, m, plan.updates);
    const last = fresh[fresh.length - 1];
    updated += await persistPage(ctx, scope, plan, results, last);
    if (rows.length < PAGE) return { updated, seen };
    // A full page with nothing new (a restart inside one instant's rows) goes on from the cursor itself.
    if (last) c = { stamp: String(last.SystemModstamp), id: String(last.Id) };
  }
}
