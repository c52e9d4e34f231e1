/**
 * @module Pushes queued CRM changes of one object type to Salesforce: preflight, parents first,
 * sObject Collections upserts on the external id (≤200 a call), results stored before dequeue.
 */
import type { CrmConnector } from '../crm/types';
import type { DescribeResult, UpsertResult } from '../salesforce/adapter';
import type { ErrorInput, PushPayload, QueueItem } from '../store';
import { requeueBlockedBy, resolvePushed } from './association-errors';
import { callWithRetry } from './call-policy';
import { contentHash } from './content-hash';
import type { PushContext } from './contexts';
import type { ObjectMapping } from './default-mapping';
import { recordName } from './default-mapping';
import { type DuplicateToDescribe, describeDuplicates } from './duplicate-details';
import { withoutExcluded } from './inclusion-list';
import { linkMatches } from './initial-match-push';
import {
  COMPANY_PROPERTY,
  CONVERTED_LEAD_CODE,
  followConversions,
  LEAD,
  routeToLead,
  withCompany,
} from './lead-routing';
import { keepSalesforceValues } from './prefer-salesforce';
import { preflight } from './preflight';
import {
  associationError,
  classifyPreflight,
  classifySalesforce,
  otherError,
  type RecordRef,
} from './record-failure';
import { flushWriteBacks, queueWriteBack } from './write-back';

export type { PushPayload };

interface Prepared {
  item: QueueItem;
  ref: RecordRef;
  props: Record<string, string | null>;
  companyId: string | null;
  body: Record<string, unknown>;
  /** Created in Salesforce: goes out as an update by Id that also writes the external id. */
  stamp: boolean;
}

/** A change that goes out in no call: its preflight (or match) errors are stored instead. */
interface Unsent {
  item: QueueItem;
  errors: ErrorInput[];
  ref: RecordRef;
  props: Record<string, string | null>;
  companyId: string | null;
}

/** A batch's changes sorted before any Salesforce call: to write, refused before sending, or gone from the CRM. */
interface PushPlan {
  ready: Prepared[];
  failed: Unsent[];
  gone: QueueItem[];
}

/** CRM properties to read for a mapping; a contact's company name too, for the Lead it may live in. */
export const crmProperties = (m: ObjectMapping) => [
  ...new Set([
    ...m.fields.map((f) => f.crm),
    ...m.nameFrom,
    m.crmIdProperty,
    ...(m.crmType === 'contacts' ? [COMPANY_PROPERTY] : []),
  ]),
];

/** Re-reads the records whose queued payload is a refetch marker; returns id → payload (absent = gone). */
export async function refetch(crm: CrmConnector, m: ObjectMapping, ids: string[]) {
  const out = new Map<string, { props: Record<string, string | null>; companyId: string | null }>();
  if (!ids.length) return out;
  const records = await crm.batchRead(m.crmType, ids, crmProperties(m));
  const companies = m.references.length ? await crm.associations(m.crmType, ids, 'companies') : [];
  for (const r of records) {
    const companyId = companies.find((a) => a.fromId === r.id)?.toId ?? null;
    out.set(r.id, { props: r.properties, companyId });
  }
  return out;
}

/** Processes up to one write's worth (adapter.writeBatchSize) of queued changes; returns how many items it handled. */
export async function pushBatch(
  ctx: PushContext,
  m: ObjectMapping,
  describe: DescribeResult,
  lead?: { m: ObjectMapping; describe: DescribeResult },
): Promise<number> {
  // Claimed from the peek until the results are stored: another replica's engine skips these changes.
  const handled = await ctx.store.claimQueue(() => pushClaimed(ctx, m, describe, lead));
  if (handled) ctx.hooks?.afterBatchCommitted?.({ crmType: m.crmType, handled });
  return handled;
}

async function pushClaimed(
  ctx: PushContext,
  m: ObjectMapping,
  describe: DescribeResult,
  lead?: { m: ObjectMapping; describe: DescribeResult },
): Promise<number> {
  // As many as the adapter can send in one go: it picks Bulk API 2.0 or Composite by the count.
  const peeked = await ctx.store.peek('to-sf', m.crmType, ctx.salesforce.writeBatchSize(), ctx.now());
  if (!peeked.length) return 0;
  // Contacts the inclusion list leaves out leave the queue here (retries, resyncs), sent nowhere.
  const items = m.crmType === 'contacts' ? await withoutExcluded(ctx.store, ctx.inclusion, peeked) : peeked;
  if (!items.length) return peeked.length;
  if (!lead) return await pushItems(ctx, m, describe, items); // CRM contacts linked to a Lead (or new, while "create as Leads" is on) go to Lead; the rest to Contact.
  const routed = await routeToLead(ctx.store, items);
  if (routed.lead.length) await pushItems(ctx, lead.m, lead.describe, routed.lead);
  if (routed.contact.length) await pushItems(ctx, m, describe, routed.contact);
  return peeked.length;
}

/**
 * Pushes one object's queued changes: re-reads the refetch markers, prepares each change, links the
 * records Salesforce already has, keeps Salesforce's non-blank values, stores what goes out in no call,
 * then sends the creates/upserts and the external-id stamps and stores their results.
 */
async function pushItems(
  ctx: PushContext,
  m: ObjectMapping,
  describe: DescribeResult,
  items: QueueItem<'to-sf'>[],
): Promise<number> {
  const stale = items.filter((i) => i.payload.kind === 'refetch').map((i) => i.recordId);
  const fresh = await refetch(ctx.crm, m, stale);
  const plan = await preparePush(ctx, m, describe, items, fresh);
  await linkExisting(ctx, m, plan);
  // "Prefer Salesforce unless blank": a field Salesforce already fills is not overwritten.
  await keepSalesforceValues(
    ctx,
    m,
    describe,
    plan.ready.map((r) => ({ sfId: r.ref.sfId, body: r.body })),
  );
  await storeUnsent(ctx, m, plan);
  for (const group of [plan.ready.filter((r) => !r.stamp), plan.ready.filter((r) => r.stamp)])
    if (group.length) await sendGroup(ctx, m, group);
  return items.length;
}

/**
 * Plan: sorts each queued change, spending no call. A refetch marker whose record the CRM no longer has
 * is gone; a change failing preflight, or whose company is not in Salesforce yet, is refused with its
 * errors; the rest is ready, as an upsert on the external id, or an update by Id that also writes the
 * external id when its link still waits for that stamp. A Lead gets the company's name as Company.
 */
async function preparePush(
  ctx: PushContext,
  m: ObjectMapping,
  describe: DescribeResult,
  items: QueueItem<'to-sf'>[],
  fresh: Awaited<ReturnType<typeof refetch>>,
): Promise<PushPlan> {
  const { store } = ctx;
  const plan: PushPlan = { ready: [], failed: [], gone: [] };
  for (const item of items) {
    const p = item.payload;
    const read = p.kind === 'refetch' ? fresh.get(item.recordId) : p;
    if (!read) {
      plan.gone.push(item);
      continue;
    }
    const data =
      m.sfObject === LEAD ? { ...read, props: await withCompany(store, read.props, read.companyId) } : read;
    const link = await store.link(m.crmType, item.recordId);
    const ref: RecordRef = {
      crmType: m.crmType,
      crmId: item.recordId,
      sfObject: m.sfObject,
      sfId: link?.sfId ?? null,
      name: recordName(m, data.props),
    };
    const pf = preflight(m, describe, data.props, !link?.sfId);
    const errors = pf.issues.map((issue) => classifyPreflight(ref, issue));
    const body: Record<string, unknown> = { ...pf.body, [m.externalId]: item.recordId };
    for (const r of m.references) {
      if (!data.companyId) continue;
      const parent = await store.link(r.to, data.companyId);
      if (parent?.sfId) body[r.sf] = parent.sfId;
      else errors.push(associationError(ref, { type: r.to, id: data.companyId, name: parent?.name ?? null }));
    }
    if (errors.length) plan.failed.push({ item, errors, ref, props: data.props, companyId: data.companyId });
    else if (link?.stampPending && link.sfId)
      plan.ready.push({
        item,
        ref,
        props: data.props,
        companyId: data.companyId,
        body: { ...body, Id: link.sfId },
        stamp: true,
      });
    else plan.ready.push({ item, ref, props: data.props, companyId: data.companyId, body, stamp: false });
  }
  return plan;
}

/**
 * Send (the match query): before a record that passed preflight is created, the one Salesforce already
 * has is linked, and its change becomes an update by Id, never a twin; an ambiguous match is a
 * Duplicates error and moves from ready to failed.
 */
async function linkExisting(ctx: PushContext, m: ObjectMapping, plan: PushPlan): Promise<void> {
  const creates = plan.ready.filter((r) => !r.stamp && !r.ref.sfId);
  const ambiguous = await linkMatches(
    ctx,
    m,
    creates.map((r) => ({ crmId: r.ref.crmId, props: r.props, name: r.ref.name ?? null })),
  );
  for (const r of creates) {
    const error = ambiguous.get(r.ref.crmId);
    if (error) {
      plan.ready.splice(plan.ready.indexOf(r), 1);
      plan.failed.push({ item: r.item, errors: [error], ref: r.ref, props: r.props, companyId: r.companyId });
      continue;
    }
    const link = await ctx.store.link(m.crmType, r.ref.crmId);
    if (link?.sfId && link.stampPending) {
      r.stamp = true;
      r.ref.sfId = link.sfId;
      r.body = { ...r.body, Id: link.sfId };
    }
  }
}

/**
 * Persist: what goes out in no call, in one transaction. A refused change keeps its link's name (an
 * associations error names its blocking record with it), its content hash (pulled again unchanged it is
 * not a new change) and its errors, and leaves the queue; so does a change whose record is gone.
 */
async function storeUnsent(ctx: PushContext, m: ObjectMapping, plan: PushPlan): Promise<void> {
  const { store } = ctx;
  await store.tx(async () => {
    const t = ctx.now();
    for (const f of plan.failed) {
      await store.putLink({
        crmType: f.ref.crmType,
        crmId: f.ref.crmId,
        sfObject: m.sfObject,
        name: f.ref.name,
      });
      await store.setContentHash(m.crmType, f.ref.crmId, contentHash(m, f.props, f.companyId), {
        props: f.props,
        companyId: f.companyId,
      });
      const kept = new Set<string>();
      for (const e of f.errors) {
        const { id, isNew } = await store.recordError(e, t);
        kept.add(`${e.crmType}:${e.crmId}|${e.category}|${e.rootCauseKey}`);
        await store.addHistory(
          f.ref.crmType,
          f.ref.crmId,
          t,
          'preflight',
          `failed: ${e.category}`,
          id,
          e.message,
        );
        if (isNew) await ctx.onError(id, e);
      }
      const resolved = await resolvePushed(store, f.ref.crmType, f.ref.crmId, t, kept);
      if (resolved.length) ctx.onResolved(resolved);
      await store.dequeue(f.item);
    }
    for (const g of plan.gone) {
      await store.addHistory(m.crmType, g.recordId, t, 'read', 'not found in the CRM (deleted?)');
      await store.dequeue(g);
    }
  });
}

/**
 * Send, then persist: writes one group (upserts on the external id, or updates by Id that stamp it) in
 * one call through the adapter's write strategy, stores the results, moves converted leads' changes to
 * their Contact, then writes the Salesforce ids back to the CRM and names the other copy of new
 * duplicate-rule errors.
 */
async function sendGroup(ctx: PushContext, m: ObjectMapping, group: Prepared[]): Promise<void> {
  const bodies = group.map((r) => r.body);
  const results = await callWithRetry(
    () =>
      group[0].stamp
        ? ctx.salesforce.update(m.sfObject, bodies as ({ Id: string } & Record<string, unknown>)[])
        : ctx.salesforce.upsert(m.sfObject, m.externalId, bodies),
    m.sfObject,
    ctx.retry,
    ctx.onRetry,
  );
  const converted = m.sfObject === LEAD ? convertedRefusals(group, results) : [];
  const duplicates = await storeResults(ctx, m, group, results, new Set(converted.map((c) => c.crmId)));
  // Converted since the last poll: the link moves to the Contact and the change is pushed there.
  await followConversions(ctx, converted);
  ctx.hooks?.afterResultsStored?.({ crmType: m.crmType, stored: group.length });
  await flushWriteBacks(ctx, m.crmType, m.crmIdProperty);
  if (duplicates.length) await describeDuplicates(ctx, m, duplicates);
}

/** The records Salesforce refused because their lead was converted meanwhile. */
function convertedRefusals(group: Prepared[], results: UpsertResult[]) {
  return group.flatMap((r, i) => {
    const res = results[i];
    const refused = res && !res.ok && res.errors.some((e) => e.code === CONVERTED_LEAD_CODE);
    return refused && r.ref.sfId ? [{ crmId: r.ref.crmId, leadId: r.ref.sfId }] : [];
  });
}

/**
 * Persist: stores Salesforce's per-record results in one transaction; only then does each change leave
 * the queue (a converted lead's, which followConversions re-queues for its Contact, leaves it unwritten).
 * Returns the new duplicate-rule errors whose other copy Salesforce did not name.
 */
async function storeResults(
  ctx: PushContext,
  m: ObjectMapping,
  ready: Prepared[],
  results: UpsertResult[],
  converted: ReadonlySet<string> = new Set(),
): Promise<DuplicateToDescribe[]> {
  const { store } = ctx;
  const duplicates: DuplicateToDescribe[] = [];
  await store.tx(async () => {
    const t = ctx.now();
    for (const [i, r] of ready.entries()) {
      const res = results[i];
      if (converted.has(r.ref.crmId)) await store.dequeue(r.item);
      else if (res?.ok) await storeSaved(ctx, m, r, res, t);
      else duplicates.push(...(await storeRefused(ctx, m, r, res, t)));
    }
  });
  return duplicates;
}

/**
 * Persist, one saved record: its link with the Salesforce id, its content hash, the CRM write-back queued
 * (in this transaction: a crash before the CRM write still leaves it queued), its errors resolved, and
 * the associations its company was blocking queued again.
 */
async function storeSaved(
  ctx: PushContext,
  m: ObjectMapping,
  r: Prepared,
  res: Extract<UpsertResult, { ok: true }>,
  t: number,
): Promise<void> {
  const { store } = ctx;
  await store.putLink({
    crmType: m.crmType,
    crmId: r.ref.crmId,
    sfObject: m.sfObject,
    sfId: res.id,
    name: r.ref.name,
    syncedAt: t,
  });
  await store.setContentHash(m.crmType, r.ref.crmId, contentHash(m, r.props, r.companyId), {
    props: r.props,
    companyId: r.companyId,
  });
  if (r.stamp) await store.setStampPending(m.crmType, r.ref.crmId, false);
  if (r.props[m.crmIdProperty] !== res.id) await queueWriteBack(store, m.crmType, r.ref.crmId, res.id, t);
  const resolved = await resolvePushed(store, m.crmType, r.ref.crmId, t);
  if (resolved.length) ctx.onResolved(resolved);
  await store.addHistory(
    m.crmType,
    r.ref.crmId,
    t,
    'upsert',
    res.created
      ? 'created in Salesforce'
      : r.stamp
        ? 'CRM id written to Salesforce'
        : 'updated in Salesforce',
    null,
    res.id,
  );
  if (m.crmType === 'companies') await requeueBlockedBy(store, r.ref.crmId, t);
  await store.dequeue(r.item);
}

/**
 * Persist, one refused record. Only transient refusals (row locks and the like) with attempts left: the
 * change stays queued, backed off, never shown as an error yet. Otherwise its link's name, content hash
 * and classified errors are stored and it leaves the queue. Returns its new duplicate-rule errors whose
 * other copy Salesforce did not name.
 */
async function storeRefused(
  ctx: PushContext,
  m: ObjectMapping,
  r: Prepared,
  res: UpsertResult | undefined,
  t: number,
): Promise<DuplicateToDescribe[]> {
  const { store } = ctx;
  const errs = (res && !res.ok ? res.errors : null) ?? [
    { code: 'NO_RESULT', message: 'Salesforce returned no result for this record', fields: [] },
  ];
  const classified = errs.map((e) => ({ e, c: classifySalesforce(r.ref, e) }));
  if (classified.every((x) => x.c.transient) && r.item.attempts + 1 < ctx.maxRecordAttempts) {
    ctx.onRetry();
    await store.addHistory(m.crmType, r.ref.crmId, t, 'upsert', `transient: ${errs[0].code}, retrying`);
    await store.defer(r.item, t + ctx.retry.minTimeoutMs * 2 ** r.item.attempts);
    return [];
  }
  const duplicates: DuplicateToDescribe[] = [];
  await store.putLink({ crmType: m.crmType, crmId: r.ref.crmId, sfObject: m.sfObject, name: r.ref.name });
  await store.setContentHash(m.crmType, r.ref.crmId, contentHash(m, r.props, r.companyId), {
    props: r.props,
    companyId: r.companyId,
  });
  const kept = new Set<string>();
  for (const { e, c } of classified) {
    const input = c.input ?? otherError(r.ref, e);
    const { id, isNew } = await store.recordError(input, t);
    kept.add(`${input.crmType}:${input.crmId}|${input.category}|${input.rootCauseKey}`);
    await store.addHistory(m.crmType, r.ref.crmId, t, 'upsert', `failed: ${input.category}`, id, e.message);
    if (isNew) await ctx.onError(id, input);
    if (input.code === 'DUPLICATES_DETECTED' && !input.duplicateOf && (await store.needsDuplicateCheck(id)))
      duplicates.push({ errorId: id, crmId: r.ref.crmId, body: r.body });
  }
  const resolved = await resolvePushed(store, m.crmType, r.ref.crmId, t, kept);
  if (resolved.length) ctx.onResolved(resolved);
  await store.dequeue(r.item);
  return duplicates;
}
