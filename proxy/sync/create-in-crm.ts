/**
 * @module Salesforce → CRM creates: records made in Salesforce (no CRM id in their external-id field)
 * are created in the CRM in batches of 100 as upserts on the unique `salesforce_id` property, so a
 * replay after a crash finds the record it already made instead of making a second one. The link and
 * a queued stamp (the CRM id written into the Salesforce external-id field) are stored with the result.
 */
import { objectForId } from '../../shared/salesforce-id';
import type { CrmWriteResult } from '../crm/types';
import type { DescribeResult } from '../salesforce/adapter';
import { soql, soqlIdList, soqlSchema } from '../salesforce/soql';
import type { ErrorInput } from '../store';
import {
  associateQueued,
  isAssociatePayload,
  parentOf,
  parentSelect,
  queueAssociation,
  type SfParent,
} from './associate-in-crm';
import { requeueForAccount } from './association-errors';
import { callWithRetry } from './call-policy';
import { contentHash } from './content-hash';
import type { SfPullContext } from './contexts';
import { sfToCrm } from './convert-value';
import { type ObjectMapping, recordName } from './default-mapping';
import { ambiguousCrmError, matchInCrm } from './initial-match-crm';
import { LEAD } from './lead-routing';
import { crmRefusal } from './record-failure';

const CRM_BATCH = 100;

/**
 * A Salesforce-created record waiting for its CRM twin: its CRM values and the Account it points at
 * (associated once created), or a marker to re-read it.
 */
/** The queued create's payload is defined (and decoded) by the store. */
import type { CreatePayload } from '../store';

export type { CreatePayload };

/** The error id space of a record that has no CRM id yet: its Salesforce id. */
export const unlinkedCrmId = (sfId: string) => `sf:${sfId}`;

/** The mapped values of a Salesforce row as CRM properties (fields that flow Salesforce → CRM). */
export function crmValuesOf(m: ObjectMapping, describe: DescribeResult, row: Record<string, unknown>) {
  const fields = new Map(describe.fields.map((f) => [f.name, f]));
  const props: Record<string, string | null> = {};
  for (const f of m.fields) {
    const field = fields.get(f.sf);
    if (f.direction === 'crm-to-sf' || !field) continue;
    props[f.crm] = sfToCrm(row[f.sf], field);
  }
  return props;
}

/**
 * Creates the queued Salesforce records of one object in the CRM, then makes the queued associations
 * (the created records' among them) in batches; returns how many records it linked.
 */
export async function createQueuedInCrm(
  ctx: SfPullContext,
  m: ObjectMapping,
  describe: DescribeResult,
  lead?: { m: ObjectMapping; describe: DescribeResult },
): Promise<number> {
  const { store } = ctx;
  let linked = 0;
  for (let peeked = await store.peek('to-crm', m.crmType, CRM_BATCH, ctx.now()); peeked.length; ) {
    // Creates first: each one that points at an Account turns into an association item, so the
    // associations of many creates go out together once no create is left in the window.
    const items = peeked.filter((i) => !isAssociatePayload(i.payload));
    if (!items.length) {
      await associateQueued(ctx, m, peeked);
      peeked = await store.peek('to-crm', m.crmType, CRM_BATCH, ctx.now());
      continue;
    }
    const stale = items.filter((i) => i.payload.kind === 'refetch').map((i) => i.recordId);
    const reread = new Map<string, { props: Record<string, string | null>; account: SfParent | null }>();
    // Automatic retries re-read the Salesforce record: it may have been fixed there. A Lead is read
    // from Lead with the Lead mapping (its id says which object it is), never from Contact.
    const sides = lead ? [lead, { m, describe }] : [{ m, describe }];
    for (const side of sides) {
      const ids = stale.filter((id) =>
        side === lead ? objectForId(id) === LEAD : !lead || objectForId(id) !== LEAD,
      );
      if (!ids.length) continue;
      const select = ['Id', ...side.m.fields.filter((f) => f.direction !== 'crm-to-sf').map((f) => f.sf)];
      const known = new Set(side.describe.fields.map((f) => f.name));
      const parent = parentSelect(side.m, side.describe.fields);
      const fields = [...select.filter((f) => known.has(f)), ...parent];
      const on = soqlSchema(side.describe);
      const query = soql`SELECT ${on.fields(fields)} FROM ${on.object} WHERE Id IN ${soqlIdList(ids)}`;
      const rows = await callWithRetry(() => ctx.salesforce.query(query.text), side.m.sfObject, ctx.retry);
      for (const r of rows)
        reread.set(String(r.Id), {
          props: crmValuesOf(side.m, side.describe, r),
          account: parentOf(side.m, r, parent),
        });
    }
    const batch = items.flatMap((item) => {
      const p = item.payload;
      if (p.kind === 'associate') return [];
      const data =
        p.kind === 'refetch' ? reread.get(item.recordId) : { props: p.props, account: p.account ?? null };
      return data
        ? [{ item, account: data.account, props: { ...data.props, [m.crmIdProperty]: item.recordId } }]
        : [];
    });
    // The record the CRM already has (same email or domain) is updated and linked, never twinned.
    const matches = await matchInCrm(
      ctx,
      m,
      batch.map((b) => ({ sfId: b.item.recordId, props: b.props })),
    );
    const writes = batch.filter((b) => matches.get(b.item.recordId)?.kind !== 'many');
    const results = writes.length
      ? await ctx.crm.batchUpsert(
          m.crmType,
          writes.map((b) => {
            const match = matches.get(b.item.recordId);
            return match?.kind === 'one'
              ? { id: match.crmId, properties: b.props }
              : { idProperty: m.crmIdProperty, idValue: b.item.recordId, properties: b.props };
          }),
        )
      : [];
    // A crash here (the CRM holds the records, no link is stored) is replayed from the queue: the
    // upsert on salesforce_id finds each record made here instead of making a twin.
    if (writes.length) ctx.hooks?.afterCrmCreated?.({ crmType: m.crmType, written: writes.length });
    await store.tx(async () => {
      const t = ctx.now();
      for (const item of items) if (!batch.some((b) => b.item === item)) await store.dequeue(item);
      for (const b of batch) {
        const match = matches.get(b.item.recordId);
        if (match?.kind !== 'many') continue;
        await store.dequeue(b.item);
        await recordAmbiguous(
          ctx,
          ambiguousCrmError(m, b.item.recordId, unlinkedCrmId(b.item.recordId), match),
          t,
        );
      }
      for (const [i, b] of writes.entries()) {
        const sfId = b.item.recordId;
        const res = results[i];
        await store.dequeue(b.item);
        if (res?.ok) {
          linked++;
          await linkCreated(ctx, m, sfId, res.id, b.props, t, matches.has(sfId));
          // In the same transaction as the link: a crash before the association still makes it.
          if (b.account) await queueAssociation(store, m, sfId, res.id, b.account, t);
        } else await recordCreateFailure(ctx, m, sfId, res, t);
      }
    });
    peeked = await store.peek('to-crm', m.crmType, CRM_BATCH, ctx.now());
  }
  return linked;
}

async function linkCreated(
  ctx: SfPullContext,
  m: ObjectMapping,
  sfId: string,
  crmId: string,
  props: Record<string, string | null>,
  t: number,
  matched = false,
) {
  const { store } = ctx;
  await store.putLink({
    crmType: m.crmType,
    crmId,
    // A Lead made in Salesforce shares the contacts' queue: its id's key prefix says which object it is.
    sfObject: objectForId(sfId) ?? m.sfObject,
    sfId,
    name: recordName(m, props),
    syncedAt: t,
  });
  await store.setStampPending(m.crmType, crmId, true);
  // What the CRM now holds: its own change notification for this record is recognised as our echo.
  await store.setContentHash(m.crmType, crmId, contentHash(m, props, null), { props, companyId: null });
  // The stamp goes out with the next push, as an update by Salesforce id (never an upsert on the
  // still-empty external id, which would create a second Salesforce record).
  await store.enqueue('to-sf', m.crmType, crmId, { refetch: true, reason: 'created from Salesforce' }, t);
  await store.addHistory(
    m.crmType,
    crmId,
    t,
    matched ? 'match' : 'crm-create',
    matched
      ? 'linked to the existing CRM record with the same email or domain, updated from Salesforce'
      : 'created in the CRM from Salesforce',
    null,
    sfId,
  );
  const resolved = await store.resolveRecord(m.crmType, unlinkedCrmId(sfId), t);
  if (resolved.length) ctx.onResolved?.(resolved);
  // An Account now has its company: the contacts and opportunities waiting for it are associated.
  if (m.crmType === 'companies') await requeueForAccount(store, sfId, t);
}

async function recordCreateFailure(
  ctx: SfPullContext,
  m: ObjectMapping,
  sfId: string,
  res: CrmWriteResult | undefined,
  t: number,
) {
  const failure =
    res && !res.ok ? res : { code: 'NO_RESULT', message: 'The CRM returned no result for this record' };
  const message = failure.message;
  const ref = {
    crmType: m.crmType,
    crmId: unlinkedCrmId(sfId),
    sfObject: objectForId(sfId) ?? m.sfObject,
    sfId,
  };
  const input = crmRefusal(ref, failure, `Not created in the CRM: ${message}`, res);
  const { id, isNew } = await ctx.store.recordError(input, t);
  await ctx.store.addHistory(
    m.crmType,
    input.crmId,
    t,
    'crm-create',
    `failed: ${input.category}`,
    id,
    message,
  );
  if (isNew) await ctx.onError(id, input);
}

async function recordAmbiguous(ctx: SfPullContext, input: ErrorInput, t: number) {
  const { id, isNew } = await ctx.store.recordError(input, t);
  await ctx.store.addHistory(input.crmType, input.crmId, t, 'match', 'failed: duplicates', id, input.message);
  if (isNew) await ctx.onError(id, input);
}
