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
import { linkMatches } from './initial-match-push';
import { CONVERTED_LEAD_CODE, followConversions, LEAD, routeToLead, withCompany } from './lead-routing';
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

/** CRM properties to read for a mapping. */
export const crmProperties = (m: ObjectMapping) => [
  ...new Set([...m.fields.map((f) => f.crm), ...m.nameFrom, m.crmIdProperty]),
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
  // As many as the adapter can send in one go: it picks Bulk API 2.0 or Composite by the count.
  const items = ctx.store.peek('to-sf', m.crmType, ctx.salesforce.writeBatchSize(), ctx.now());
  if (!items.length) return 0;
  if (!lead) return pushItems(ctx, m, describe, items);
  // CRM contacts linked to a Lead (or new, while "create as Leads" is on) go to Lead; the rest to Contact.
  const routed = routeToLead(ctx.store, items);
  if (routed.lead.length) await pushItems(ctx, lead.m, lead.describe, routed.lead);
  if (routed.contact.length) await pushItems(ctx, m, describe, routed.contact);
  return items.length;
}

async function pushItems(
  ctx: PushContext,
  m: ObjectMapping,
  describe: DescribeResult,
  items: QueueItem<'to-sf'>[],
): Promise<number> {
  const { store, now } = ctx;
  const stale = items.filter((i) => i.payload.kind === 'refetch').map((i) => i.recordId);
  const fresh = await refetch(ctx.crm, m, stale);

  const ready: Prepared[] = [];
  const failed: {
    item: QueueItem;
    errors: ErrorInput[];
    ref: RecordRef;
    props: Record<string, string | null>;
    companyId: string | null;
  }[] = [];
  const gone: QueueItem[] = [];
  for (const item of items) {
    const p = item.payload;
    const read = p.kind === 'refetch' ? fresh.get(item.recordId) : p;
    if (!read) {
      gone.push(item);
      continue;
    }
    const data =
      m.sfObject === LEAD ? { ...read, props: withCompany(store, read.props, read.companyId) } : read;
    const link = store.link(m.crmType, item.recordId);
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
      const parent = store.link(r.to, data.companyId);
      if (parent?.sfId) body[r.sf] = parent.sfId;
      else errors.push(associationError(ref, { type: r.to, id: data.companyId, name: parent?.name ?? null }));
    }
    if (errors.length) failed.push({ item, errors, ref, props: data.props, companyId: data.companyId });
    else if (link?.stampPending && link.sfId)
      ready.push({
        item,
        ref,
        props: data.props,
        companyId: data.companyId,
        body: { ...body, Id: link.sfId },
        stamp: true,
      });
    else ready.push({ item, ref, props: data.props, companyId: data.companyId, body, stamp: false });
  }

  // Before a record that passed preflight is created, the one Salesforce already has is linked (update by
  // Id, never a twin); an ambiguous match is a Duplicates error and is not written.
  const creates = ready.filter((r) => !r.stamp && !r.ref.sfId);
  const ambiguous = await linkMatches(
    ctx,
    m,
    creates.map((r) => ({ crmId: r.ref.crmId, props: r.props, name: r.ref.name ?? null })),
  );
  for (const r of creates) {
    const error = ambiguous.get(r.ref.crmId);
    if (error) {
      ready.splice(ready.indexOf(r), 1);
      failed.push({ item: r.item, errors: [error], ref: r.ref, props: r.props, companyId: r.companyId });
      continue;
    }
    const link = store.link(m.crmType, r.ref.crmId);
    if (link?.sfId && link.stampPending) {
      r.stamp = true;
      r.ref.sfId = link.sfId;
      r.body = { ...r.body, Id: link.sfId };
    }
  }

  // "Prefer Salesforce unless blank": a field Salesforce already fills is not overwritten.
  await keepSalesforceValues(
    ctx,
    m,
    describe,
    ready.map((r) => ({ sfId: r.ref.sfId, body: r.body })),
  );

  // Preflight failures spend no call: store them first, in one transaction.
  store.tx(() => {
    const t = now();
    for (const f of failed) {
      // Keep the name even unsynced: an associations error names its blocking record with it.
      store.putLink({ crmType: f.ref.crmType, crmId: f.ref.crmId, sfObject: m.sfObject, name: f.ref.name });
      // The content that failed was tried: pulling it again unchanged is not a new change.
      store.setContentHash(m.crmType, f.ref.crmId, contentHash(m, f.props, f.companyId), {
        props: f.props,
        companyId: f.companyId,
      });
      const kept = new Set<string>();
      for (const e of f.errors) {
        const { id, isNew } = store.recordError(e, t);
        kept.add(`${e.crmType}:${e.crmId}|${e.category}|${e.rootCauseKey}`);
        store.addHistory(f.ref.crmType, f.ref.crmId, t, 'preflight', `failed: ${e.category}`, id, e.message);
        if (isNew) ctx.onError(id, e);
      }
      const resolved = resolvePushed(store, f.ref.crmType, f.ref.crmId, t, kept);
      if (resolved.length) ctx.onResolved(resolved);
      store.dequeue(f.item);
    }
    for (const g of gone) {
      store.addHistory(m.crmType, g.recordId, t, 'read', 'not found in the CRM (deleted?)');
      store.dequeue(g);
    }
  });
  if (!ready.length) return items.length;

  for (const group of [ready.filter((r) => !r.stamp), ready.filter((r) => r.stamp)]) {
    if (!group.length) continue;
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
    const duplicates = storeResults(ctx, m, group, results, new Set(converted.map((c) => c.crmId)));
    // Converted since the last poll: the link moves to the Contact and the change is pushed there.
    await followConversions(ctx, converted);
    ctx.hooks?.afterResultsStored?.({ crmType: m.crmType, stored: group.length });
    await flushWriteBacks(ctx, m.crmType, m.crmIdProperty);
    if (duplicates.length) await describeDuplicates(ctx, m, duplicates);
  }
  return items.length;
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
 * Stores Salesforce's per-record results; only then does each change leave the queue. Returns the new
 * duplicate-rule errors whose other copy Salesforce did not name.
 */
function storeResults(
  ctx: PushContext,
  m: ObjectMapping,
  ready: Prepared[],
  results: UpsertResult[],
  converted: ReadonlySet<string> = new Set(),
): DuplicateToDescribe[] {
  const { store } = ctx;
  const duplicates: DuplicateToDescribe[] = [];
  store.tx(() => {
    const t = ctx.now();
    ready.forEach((r, i) => {
      const res = results[i];
      // A converted lead is never written again: followConversions re-queues the change for its Contact.
      if (converted.has(r.ref.crmId)) {
        store.dequeue(r.item);
        return;
      }
      if (res?.ok) {
        store.putLink({
          crmType: m.crmType,
          crmId: r.ref.crmId,
          sfObject: m.sfObject,
          sfId: res.id,
          name: r.ref.name,
          syncedAt: t,
        });
        store.setContentHash(m.crmType, r.ref.crmId, contentHash(m, r.props, r.companyId), {
          props: r.props,
          companyId: r.companyId,
        });
        if (r.stamp) store.setStampPending(m.crmType, r.ref.crmId, false);
        // In this transaction: a crash before the CRM write still leaves it queued.
        if (r.props[m.crmIdProperty] !== res.id) queueWriteBack(store, m.crmType, r.ref.crmId, res.id, t);
        const resolved = resolvePushed(store, m.crmType, r.ref.crmId, t);
        if (resolved.length) ctx.onResolved(resolved);
        store.addHistory(
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
        if (m.crmType === 'companies') requeueBlockedBy(store, r.ref.crmId, t);
        store.dequeue(r.item);
        return;
      }
      const errs = res?.errors ?? [
        { code: 'NO_RESULT', message: 'Salesforce returned no result for this record', fields: [] },
      ];
      const classified = errs.map((e) => ({ e, c: classifySalesforce(r.ref, e) }));
      if (classified.every((x) => x.c.transient) && r.item.attempts + 1 < ctx.maxRecordAttempts) {
        // Row locks and the like: keep the change queued, back off, never show it as an error yet.
        ctx.onRetry();
        store.addHistory(m.crmType, r.ref.crmId, t, 'upsert', `transient: ${errs[0].code}, retrying`);
        store.defer(r.item, t + ctx.retry.minTimeoutMs * 2 ** r.item.attempts);
        return;
      }
      store.putLink({ crmType: m.crmType, crmId: r.ref.crmId, sfObject: m.sfObject, name: r.ref.name });
      store.setContentHash(m.crmType, r.ref.crmId, contentHash(m, r.props, r.companyId), {
        props: r.props,
        companyId: r.companyId,
      });
      const kept = new Set<string>();
      for (const { e, c } of classified) {
        const input = c.input ?? otherError(r.ref, e);
        const { id, isNew } = store.recordError(input, t);
        kept.add(`${input.crmType}:${input.crmId}|${input.category}|${input.rootCauseKey}`);
        store.addHistory(m.crmType, r.ref.crmId, t, 'upsert', `failed: ${input.category}`, id, e.message);
        if (isNew) ctx.onError(id, input);
        if (
          input.code === 'DUPLICATES_DETECTED' &&
          !input.duplicateOf &&
          !r.stamp &&
          store.needsDuplicateCheck(id)
        )
          duplicates.push({ errorId: id, crmId: r.ref.crmId, body: r.body });
      }
      const resolved = resolvePushed(store, m.crmType, r.ref.crmId, t, kept);
      if (resolved.length) ctx.onResolved(resolved);
      store.dequeue(r.item);
    });
  });
  return duplicates;
}
