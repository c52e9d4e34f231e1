/**
 * @module Who is in a list, as HubSpot answers it: a MANUAL list holds what was added (archived records
 * leave it), a DYNAMIC list holds the records its filters match, re-processed at each read (HubSpot
 * processes in the background; a read here sees the portal as it is). Joins and leaves stamp
 * `addedAt`, `lastAddedAt` and `lastRemovedAt`, which the list's search result reports.
 */
import { matchesBranch } from './list-filters';
import { objectTypeOf } from './portal-io';
import type { PortalStore, StoredList } from './portal-store';

/** Brings the list's members up to date and returns them sorted by record id (HubSpot's membership order). */
export function currentMembers(store: PortalStore, list: StoredList, at: number): string[] {
  const type = objectTypeOf(list.objectTypeId);
  const next =
    list.processingType === 'DYNAMIC' && list.filterBranch
      ? store
          .all(type)
          .filter((r) => matchesBranch(r, list.filterBranch!))
          .map((r) => r.id)
      : list.members.filter((id) => store.get(type, id));
  setMembers(list, next, at);
  return [...list.members].sort((a, b) => Number(a) - Number(b));
}

/** Replaces the members, stamping who joined and whether anyone left. */
export function setMembers(list: StoredList, next: string[], at: number): void {
  const before = new Set(list.members);
  const after = new Set(next);
  list.addedAt ??= {};
  const addedAt = list.addedAt;
  for (const id of after) {
    if (before.has(id)) continue;
    addedAt[id] = at;
    list.lastAddedAt = at;
  }
  for (const id of before) {
    if (after.has(id)) continue;
    delete addedAt[id];
    list.lastRemovedAt = at;
  }
  list.members = [...after];
}
