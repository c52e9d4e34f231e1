/**
 * @module Records merged or deleted in the CRM, mirroring salesforce-deletes.ts. A HubSpot merge makes a
 * new record whose `hs_merged_object_ids` names the originals (both archived): the link of the one that
 * synced moves to the new record (its Salesforce record is stamped with the new CRM id by the next push,
 * so nothing is created twice); another original that also synced is closed, its Salesforce record kept.
 * A delete (an archived record no merge explains) closes the link; the Salesforce record is deleted too
 * only when the admin's record rule says so — a refusal is a classified error and the link stays. The
 * deletes look is that error's one retry path (a timer retry would re-read a CRM record that is gone):
 * it asks Salesforce again with a back-off, within the share of the allocation extras may spend, and the
 * error resolves when a delete goes through, the Salesforce record is gone, the link closes otherwise, or
 * the CRM record is restored. The history says which.
 */
import { DAY_MS } from '../../shared/limits';
import type { CrmRecord } from '../crm/types';
import type { LinkRow, Store } from '../store';
import type { CursorValue } from '../store/cursor-keys';
import { callsLeftForExtras } from './auto-retry';
import { callWithRetry } from './call-policy';
import type { PushContext } from './contexts';
import type { ObjectMapping } from './default-mapping';
import { classifySalesforce, otherError } from './record-failure';

/** The CRM property listing the records a merge folded into this one. */
export const MERGED_IDS_PROPERTY = 'hs_merged_object_ids';
/** How often archived CRM records are looked at (HubSpot offers no "archived since": each look pages them). */
export const CRM_DELETES_EVERY_MS = 5 * 60_000;

const foldedIds = (r: CrmRecord) =>
  (r.properties[MERGED_IDS_PROPERTY] ?? '').split(';').filter((id) => id && id !== r.id);

/**
 * Follows a merge the CRM record `r` is the result of; call inside the pull's transaction, before its
 * change is queued. Returns whether a link moved or closed. Idempotent: merged originals lose their links.
 */
export async function followCrmMerge(
  store: Store,
  m: ObjectMapping,
  r: CrmRecord,
  t: number,
): Promise<boolean> {
  const type = m.crmType;
  const linked: { id: string; link: LinkRow }[] = [];
  for (const id of foldedIds(r)) {
    const link = await store.link(type, id);
    if (link?.sfId) linked.push({ id, link });
  }
  if (!linked.length) return false;
  const own = (await store.link(type, r.id))?.sfId;
  // The original whose Salesforce record the merged record names (the primary's id wins the merge).
  const survivor = own
    ? null
    : (linked.find((x) => x.link.sfId === r.properties[m.crmIdProperty]) ?? linked[0]);
  const target = survivor ? `${survivor.link.sfObject} ${survivor.link.sfId}` : 'its own link';
  if (survivor) {
    const { sfObject, sfId, name } = survivor.link;
    await store.closeLink(type, survivor.id, `merged in the CRM into ${r.id}`, t);
    await store.resolveRecord(type, survivor.id, t);
    await store.putLink({ crmType: type, crmId: r.id, sfObject, sfId, name });
    // The Salesforce record still holds the old CRM id: the next push stamps the new one by Id.
    await store.setStampPending(type, r.id, true);
    await store.addHistory(
      type,
      r.id,
      t,
      'merged',
      `merged in the CRM from ${foldedIds(r).join(' and ')}: the sync follows this record, linked to ${target}`,
      null,
      sfId,
    );
    await store.addHistory(
      type,
      survivor.id,
      t,
      'merged',
      `merged in the CRM into ${r.id}: its link to ${target} moved there`,
    );
  }
  for (const other of linked.filter((x) => x !== survivor)) {
    await store.closeLink(type, other.id, `merged in the CRM into ${r.id}`, t);
    await store.resolveRecord(type, other.id, t);
    await store.addHistory(
      type,
      other.id,
      t,
      'merged',
      `merged in the CRM into ${r.id}, which syncs with ${survivor ? target : 'another Salesforce record'}: this record is no longer synced; ${other.link.sfObject} ${other.link.sfId} is kept in Salesforce`,
      null,
      other.link.sfId,
    );
  }
  return true;
}

/**
 * Looks at the CRM's archived records of one type (every `CRM_DELETES_EVERY_MS`): linked ones that a merge
 * explains follow the merge, the others are deletes. Returns how many links changed.
 */
export async function pullCrmDeletes(ctx: PushContext, m: ObjectMapping): Promise<number> {
  const { store } = ctx;
  const type = m.crmType;
  const archived = await ctx.crm.archivedIds(type);
  await settleRefusals(ctx, type, new Set(archived.map((a) => a.id)));
  const candidates: string[] = [];
  for (const a of archived) if ((await store.link(type, a.id))?.sfId) candidates.push(a.id);
  if (!candidates.length) return 0;
  // HubSpot answers a merged id with the record the merge made: those are merges, not deletes.
  const merged = await ctx.crm.batchRead(type, candidates, [m.crmIdProperty, MERGED_IDS_PROPERTY]);
  let changed = 0;
  const t0 = ctx.now();
  await store.tx(async () => {
    for (const r of merged) if (await followCrmMerge(store, m, r, t0)) changed++;
  });
  const deleted: string[] = [];
  for (const id of candidates) if ((await store.link(type, id))?.sfId) deleted.push(id);
  if (!deleted.length) return changed;
  if (!(await store.recordRules()).deleteInSalesforce) {
    await store.tx(async () => {
      for (const id of deleted) {
        const link = (await store.link(type, id))!;
        await store.closeLink(type, id, 'deleted in the CRM', t0);
        await store.resolveRecord(type, id, t0);
        await store.addHistory(
          type,
          id,
          t0,
          'deleted',
          `deleted in the CRM: ${link.sfObject} ${link.sfId} is kept in Salesforce and no longer synced (the record rules keep Salesforce records)`,
          null,
          link.sfId,
        );
      }
    });
    await forgetRefusals(store, type, deleted);
    return changed + deleted.length;
  }
  return changed + (await deleteInSalesforce(ctx, type, await dueDeletes(ctx, type, deleted)));
}

type Refusals = NonNullable<CursorValue<'crm_delete_refusals'>>;
const refusalKey = (type: string, id: string) => `${type}:${id}`;
const readRefusals = async (store: Store): Promise<Refusals> =>
  (await store.cursor('crm_delete_refusals')) ?? {};

/** When a refused delete is asked again: the look's interval, doubling per refusal, at most a day. */
export const refusedDeleteRetryMs = (attempts: number) =>
  Math.min(DAY_MS, CRM_DELETES_EVERY_MS * 2 ** Math.max(0, attempts - 1));

async function forgetRefusals(store: Store, type: string, ids: string[]): Promise<void> {
  const refusals = await readRefusals(store);
  const left = Object.fromEntries(
    Object.entries(refusals).filter(([k]) => !ids.some((id) => refusalKey(type, id) === k)),
  );
  if (Object.keys(left).length !== Object.keys(refusals).length) await writeRefusals(store, left);
}

async function writeRefusals(store: Store, refusals: Refusals): Promise<void> {
  if (Object.keys(refusals).length) await store.setCursor('crm_delete_refusals', refusals);
  else await store.deleteCursor('crm_delete_refusals');
}

/**
 * A refused delete whose CRM record is no longer archived (restored), or whose link is gone (the Salesforce
 * record was deleted or merged there, the CRM record merged): nothing is left to delete, its error resolves.
 */
async function settleRefusals(ctx: PushContext, type: string, archived: Set<string>): Promise<void> {
  const { store } = ctx;
  const refusals = await readRefusals(store);
  const mine = Object.entries(refusals).filter(([k]) => k.startsWith(`${type}:`));
  if (!mine.length) return;
  const resolved: string[] = [];
  await store.tx(async () => {
    const t = ctx.now();
    for (const [key, entry] of mine) {
      const crmId = key.slice(type.length + 1);
      const restored = !archived.has(crmId);
      const link = await store.link(type as ObjectMapping['crmType'], crmId);
      if (!restored && link?.sfId) continue;
      delete refusals[key];
      if (await store.resolveError(entry.errorId, t)) resolved.push(entry.errorId);
      await store.addHistory(
        type as ObjectMapping['crmType'],
        crmId,
        t,
        'delete',
        restored
          ? 'restored in the CRM: the Salesforce record is no longer to be deleted'
          : 'no longer linked to a Salesforce record: nothing is left to delete',
        entry.errorId,
      );
    }
    await writeRefusals(store, refusals);
  });
  if (resolved.length) ctx.onResolved(resolved);
}

/**
 * The deletes to ask for in this look: every new one; a refused one once its back-off is over and only
 * while extras may spend (the share of the allocation where automatic retries stop too).
 */
async function dueDeletes(ctx: PushContext, type: string, ids: string[]): Promise<string[]> {
  const refusals = await readRefusals(ctx.store);
  const t = ctx.now();
  let spare = await callsLeftForExtras(ctx.store, t);
  const due: string[] = [];
  for (const id of ids) {
    const entry = refusals[refusalKey(type, id)];
    if (!entry) due.push(id);
    else if (entry.nextAt <= t && spare >= 1) {
      due.push(id);
      spare--;
    }
  }
  return due;
}

/** "Delete in Salesforce too": one collection delete per object; refusals become errors, links stay. */
async function deleteInSalesforce(ctx: PushContext, type: ObjectMapping['crmType'], ids: string[]) {
  const { store } = ctx;
  const links: { id: string; link: LinkRow }[] = [];
  for (const id of ids) links.push({ id, link: (await store.link(type, id))! });
  let done = 0;
  const refusals = await readRefusals(store);
  for (const sfObject of [...new Set(links.map((l) => l.link.sfObject))]) {
    const group = links.filter((l) => l.link.sfObject === sfObject);
    const results = await callWithRetry(
      () =>
        ctx.salesforce.destroy(
          sfObject,
          group.map((g) => g.link.sfId as string),
        ),
      sfObject,
      ctx.retry,
    );
    const t = ctx.now();
    const errors: { id: string; input: ReturnType<typeof otherError> }[] = [];
    await store.tx(async () => {
      for (const [i, g] of group.entries()) {
        const r = results[i];
        // Already gone (a replay after a crash, or deleted there too): the delete is done.
        const gone = r && !r.ok && r.errors.some((e) => e.code === 'ENTITY_IS_DELETED');
        const ref = { crmType: type, crmId: g.id, sfObject, sfId: g.link.sfId, name: g.link.name };
        if (r?.ok || gone) {
          await store.closeLink(type, g.id, 'deleted in the CRM', t);
          await store.resolveRecord(type, g.id, t);
          await store.addHistory(
            type,
            g.id,
            t,
            'deleted',
            `deleted in the CRM: ${sfObject} ${g.link.sfId} deleted in Salesforce too, as the record rules say`,
            null,
            g.link.sfId,
          );
          delete refusals[refusalKey(type, g.id)];
          done++;
          continue;
        }
        const item = r?.errors[0] ?? {
          code: 'UNKNOWN_EXCEPTION',
          message: 'Salesforce gave no result',
          fields: [],
        };
        const c = classifySalesforce(ref, item);
        const input = c.input ?? otherError(ref, item);
        const { id, isNew } = await store.recordError(input, t);
        await store.addHistory(
          type,
          g.id,
          t,
          'delete',
          `deleted in the CRM, but Salesforce refused to delete ${sfObject} ${g.link.sfId}: ${item.message}`,
          id,
        );
        if (isNew) errors.push({ id, input });
        const attempts = (refusals[refusalKey(type, g.id)]?.attempts ?? 0) + 1;
        refusals[refusalKey(type, g.id)] = {
          errorId: id,
          attempts,
          nextAt: t + refusedDeleteRetryMs(attempts),
        };
      }
      await writeRefusals(store, refusals);
    });
    for (const e of errors) {
      await ctx.onError(e.id, e.input);
      // No timer retry: it would re-read a CRM record that is archived. The deletes look asks again.
      await store.scheduleRetry(e.id, 0, null);
    }
  }
  return done;
}
