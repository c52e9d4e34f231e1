/**
 * @module The inclusion list (HubSpot's own integration offers it): when the admin picks a HubSpot list
 * of contacts, only its members sync to Salesforce. Its members are read once per run and kept with the
 * list's version (members and definition), so an unchanged list costs one HubSpot call a run. A record
 * that leaves stops syncing — its link and its Salesforce record stay, its open errors are resolved (a
 * record skipped on purpose is not an error) and its history says so; one that joins is queued again.
 * Companies and deals are not filtered (the list holds contacts), nor is Salesforce → CRM.
 */

import { CATEGORIES } from '../../shared/taxonomy';
import type { CrmConnector } from '../crm/types';
import type { QueueItem, Store } from '../store';
import { SuspendSignal } from './call-policy';

/** The members of the inclusion list in force this run; null when every contact syncs. */
export interface Inclusion {
  listId: string;
  name: string;
  has(crmId: string): boolean;
}

export const INCLUSION_SUSPENSION = 'inclusion-list' as const;

/** Contacts whose open errors sit on these Salesforce objects are the ones a list can leave out. */
const CONTACT_OBJECTS = ['Contact', 'Lead'];

/**
 * Reads the inclusion list for this run (one call when unchanged, plus its memberships when changed),
 * queues the records that joined and lets go of the ones that left, in one transaction.
 */
export async function refreshInclusion(ctx: {
  store: Store;
  crm: CrmConnector;
  now: () => number;
  onResolved?: (ids: string[]) => void;
}): Promise<Inclusion | null> {
  const { store, crm } = ctx;
  const listId = (await store.recordRules()).inclusionListId;
  if (!listId) {
    if (await store.hasCursor('inclusion_list')) await store.deleteCursor('inclusion_list');
    return null;
  }
  const list = await crm.list(listId);
  if (!list)
    throw new SuspendSignal({
      id: INCLUSION_SUSPENSION,
      reason: `The HubSpot list chosen as the inclusion list (list ${listId}) no longer exists, so the sync cannot tell which contacts to send.`,
      action:
        'Choose another list under Settings → Contact rules, or choose "All contacts". Nothing is lost meanwhile: changes wait in HubSpot.',
      retryInMs: 5 * 60_000,
    });
  const cached = await store.cursor('inclusion_list');
  const sameList = cached?.listId === listId;
  const members =
    sameList && cached.version === list.version ? cached.members : await crm.listMemberIds(listId);
  const inList = new Set(members);
  const before = sameList ? new Set(cached.members) : null;
  const t = ctx.now();
  const resolved: string[] = [];
  await store.tx(async () => {
    if (before) {
      for (const id of members) if (!before.has(id)) await joined(store, id, list.name, t);
      for (const id of before) if (!inList.has(id)) resolved.push(...(await left(store, id, list.name, t)));
    } else {
      // A newly chosen list: contacts that had been syncing and are not in it let go of their errors.
      for (const o of CONTACT_OBJECTS)
        for (const r of await store.recordsWithOpenErrors(o, CATEGORIES))
          if (r.crmType === 'contacts' && !inList.has(r.crmId))
            resolved.push(...(await left(store, r.crmId, list.name, t)));
    }
    await store.setCursor('inclusion_list', { listId, name: list.name, version: list.version, members });
  });
  if (resolved.length) ctx.onResolved?.(resolved);
  return { listId, name: list.name, has: (id) => inList.has(id) };
}

/**
 * The inclusion list as the next run would read it, changing nothing (no queue, no cursor, no error):
 * for the dry run. The cached members serve while the list's version is unchanged. `missing`: the list
 * is gone, and the run would suspend.
 */
export async function readInclusion(ctx: {
  store: Store;
  crm: CrmConnector;
}): Promise<(Inclusion & { missing: boolean }) | null> {
  const listId = (await ctx.store.recordRules()).inclusionListId;
  if (!listId) return null;
  const list = await ctx.crm.list(listId);
  if (!list) return { listId, name: `list ${listId}`, missing: true, has: () => false };
  const cached = await ctx.store.cursor('inclusion_list');
  const members =
    cached?.listId === listId && cached.version === list.version
      ? cached.members
      : await ctx.crm.listMemberIds(listId);
  const inList = new Set(members);
  return { listId, name: list.name, missing: false, has: (id) => inList.has(id) };
}

async function joined(store: Store, crmId: string, name: string, t: number): Promise<void> {
  await store.enqueue('to-sf', 'contacts', crmId, { refetch: true, reason: 'joined the inclusion list' }, t);
  await store.addHistory(
    'contacts',
    crmId,
    t,
    'included',
    `joined the inclusion list "${name}": syncs again`,
  );
}

async function left(store: Store, crmId: string, name: string, t: number): Promise<string[]> {
  const resolved = await store.resolveRecord('contacts', crmId, t);
  const linked = (await store.link('contacts', crmId))?.sfId;
  await store.addHistory(
    'contacts',
    crmId,
    t,
    'excluded',
    linked
      ? `left the inclusion list "${name}": no longer synced; the link and the Salesforce record are kept`
      : `left the inclusion list "${name}": not synced while it is not in the list`,
  );
  return resolved;
}

/**
 * Splits queued contact changes into those to send and those the list leaves out (dequeued, not
 * errors). A record Salesforce made that still waits for its CRM id to be stamped is sent: that write
 * finishes a link, it syncs nothing the admin left out.
 */
export async function withoutExcluded(
  store: Store,
  inclusion: Pick<Inclusion, 'has'> | null | undefined,
  items: QueueItem<'to-sf'>[],
): Promise<QueueItem<'to-sf'>[]> {
  if (!inclusion) return items;
  const keep: QueueItem<'to-sf'>[] = [];
  for (const item of items) {
    if (inclusion.has(item.recordId) || (await store.link('contacts', item.recordId))?.stampPending)
      keep.push(item);
    else await store.dequeue(item);
  }
  return keep;
}
