/**
 * @module Salesforce → CRM associations: a Contact or Opportunity created or moved in Salesforce gets the
 * CRM association to the company linked to its AccountId. The wish is a queued item (`to-crm`, keyed by
 * the Salesforce id) that leaves the queue only once its outcome is stored, so a crash between the
 * create and the association still ends associated; HubSpot takes an association made twice as one.
 */
import type { CrmAssociateResult } from '../crm/types';
/** The Salesforce parent a row points at (AccountId), with its name when the query brought it; the queued association's payload. */
import type { AssociatePayload, ErrorInput, QueueItem, QueuePayload, SfParent, Store } from '../store';
import { blockedError, openAssociationErrors, refusedError } from './association-errors';
import { contentHash } from './content-hash';
import type { SfPullContext, SyncedContent } from './contexts';
import { companyReference, type ObjectMapping } from './default-mapping';

export type { AssociatePayload, SfParent };

export const isAssociatePayload = (
  p: QueuePayload<'to-crm'>,
): p is QueuePayload<'to-crm'> & { kind: 'associate' } => p.kind === 'associate';

/** Fields to add to a SOQL select so each row carries its parent: the id and, when the org names the relationship, its name. */
export function parentSelect(m: ObjectMapping, fields: { name: string; relationshipName?: string | null }[]) {
  const ref = companyReference(m);
  const field = ref && fields.find((f) => f.name === ref.sf);
  if (!ref || !field) return [];
  return field.relationshipName ? [ref.sf, `${field.relationshipName}.Name`] : [ref.sf];
}

/** The parent a row queried with `select` (from parentSelect) points at, or null when it points at none. */
export function parentOf(m: ObjectMapping, row: Record<string, unknown>, select: string[]): SfParent | null {
  const ref = companyReference(m);
  const id = ref ? row[ref.sf] : null;
  if (typeof id !== 'string' || !id) return null;
  const relationship = select[1]?.split('.')[0];
  const related = relationship ? (row[relationship] as { Name?: unknown } | null | undefined) : null;
  return { id, name: typeof related?.Name === 'string' ? related.Name : null };
}

/** Queues the association of a linked CRM record with the company of `account`. */
export async function queueAssociation(
  store: Store,
  m: ObjectMapping,
  sfId: string,
  crmId: string,
  account: SfParent,
  t: number,
) {
  const payload: AssociatePayload = { associate: { crmId, account } };
  await store.enqueue('to-crm', m.crmType, sfId, payload, t);
}

interface Plan {
  item: QueueItem;
  crmId: string;
  account: SfParent;
  company: { id: string; name: string | null } | null;
  content: SyncedContent | null;
  name: string | null;
}

/**
 * Associates the queued records of one object with their companies: one batch call per 100 pairs, one
 * more to remove the company each moved record leaves (the sync mirrors one company per record).
 */
export async function associateQueued(ctx: SfPullContext, m: ObjectMapping, items: QueueItem<'to-crm'>[]) {
  const { store } = ctx;
  const plans: Plan[] = [];
  for (const item of items) {
    if (!isAssociatePayload(item.payload)) continue;
    const { crmId, account } = item.payload.associate;
    const parent = await store.linkBySfId(account.id);
    const company = parent?.crmType === 'companies' ? { id: parent.crmId, name: parent.name } : null;
    const content = await store.content<SyncedContent>(m.crmType, crmId);
    plans.push({
      item,
      crmId,
      account,
      company,
      content,
      name: (await store.link(m.crmType, crmId))?.name ?? null,
    });
  }
  const toMake = plans.filter((p) => p.company);
  const results = toMake.length
    ? await ctx.crm.associate(
        m.crmType,
        'companies',
        toMake.map((p) => ({ fromId: p.crmId, toId: p.company!.id })),
      )
    : [];
  const outcome = new Map<Plan, CrmAssociateResult>(toMake.map((p, i) => [p, results[i]]));
  const left = toMake.flatMap((p) => {
    const before = p.content?.companyId;
    return outcome.get(p)?.ok && before && before !== p.company!.id
      ? [{ fromId: p.crmId, toId: before }]
      : [];
  });
  if (left.length) await ctx.crm.dissociate(m.crmType, 'companies', left);

  await store.tx(async () => {
    const t = ctx.now();
    for (const p of plans) {
      const res = outcome.get(p);
      if (!p.company) await fail(ctx, m, p, blockedError(m, ref(p)), t);
      else if (res?.ok) await done(ctx, m, p, p.company, t);
      else await fail(ctx, m, p, refusedError(m, ref(p), p.company, res), t);
      await store.dequeue(p.item);
    }
  });
}

async function done(
  ctx: SfPullContext,
  m: ObjectMapping,
  p: Plan,
  company: { id: string; name: string | null },
  t: number,
) {
  const { store } = ctx;
  if (p.content) {
    // What the CRM now holds: the record's next change notification hashes the same (no echo back).
    const next = { ...p.content, companyId: company.id };
    await store.setContentHash(m.crmType, p.crmId, contentHash(m, next.props, company.id), next);
  }
  const resolved = (await openAssociationErrors(store, m.crmType, p.crmId)).map((e) => String(e.id));
  for (const id of resolved) await store.resolveError(id, t);
  if (resolved.length) ctx.onResolved?.(resolved);
  const what = company.name ? `"${company.name}" (companies ${company.id})` : `companies ${company.id}`;
  await store.addHistory(
    m.crmType,
    p.crmId,
    t,
    'crm-associate',
    `associated in the CRM with ${what}`,
    null,
    p.item.recordId,
  );
}

const ref = (p: Plan) => ({ crmId: p.crmId, sfId: p.item.recordId, account: p.account, name: p.name });

async function fail(ctx: SfPullContext, m: ObjectMapping, p: Plan, input: ErrorInput, t: number) {
  const { id, isNew } = await ctx.store.recordError(input, t);
  // The record fails for this cause now: an earlier cause (its Account was not linked yet) is over.
  const over = (await openAssociationErrors(ctx.store, m.crmType, p.crmId)).filter(
    (e) => String(e.id) !== id,
  );
  for (const e of over) await ctx.store.resolveError(String(e.id), t);
  if (over.length) ctx.onResolved?.(over.map((e) => String(e.id)));
  await ctx.store.addHistory(
    m.crmType,
    p.crmId,
    t,
    'crm-associate',
    `failed: ${input.category}`,
    id,
    input.message,
  );
  if (isNew) await ctx.onError(id, input);
}
