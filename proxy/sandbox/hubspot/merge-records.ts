/**
 * @module A merge of two records as HubSpot does it for contacts and companies since its merge update
 * (developer changelog "Updated merge functionality for contacts and companies"): a NEW record with a new
 * id is made from both, the primary's values winning; both originals are archived; reads of either old id
 * answer the new record; its `hs_merged_object_ids` lists the ids folded into it. Associations of both
 * move to it (the primary's first), and so do their memberships of static lists.
 */
import type { CrmObjectType } from '../../crm/types';
import { associatedIds, associateRecords } from './associations-routes';
import { setMembers } from './list-membership';
import { badRequest } from './portal-error';
import { OBJECT_TYPES, type PortalDeps, type StoredRecord } from './portal-store';

const SYSTEM = [
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
  'hs_merged_object_ids',
];
const mergedIds = (r: StoredRecord) => (r.properties.hs_merged_object_ids ?? '').split(';').filter(Boolean);

export function mergeRecords(
  deps: PortalDeps,
  type: CrmObjectType,
  primaryId: string,
  otherId: string,
): StoredRecord {
  const { store, state } = deps;
  if (primaryId === otherId)
    throw badRequest(`Cannot merge ${type} ${primaryId} with itself; name two records`);
  const primary = store.get(type, primaryId);
  const other = store.get(type, otherId);
  for (const [id, r] of [
    [primaryId, primary],
    [otherId, other],
  ] as const)
    if (!r) throw store.notFoundError(type, id);
  const values: Record<string, string> = {};
  for (const r of [other!, primary!])
    for (const [k, v] of Object.entries(r.properties)) if (!SYSTEM.includes(k) && v !== '') values[k] = v;
  const folded = [...new Set([...mergedIds(primary!), ...mergedIds(other!), primaryId, otherId])];
  const links = OBJECT_TYPES.map((to) => ({
    to,
    ids: [
      ...new Set([
        ...associatedIds(state(), type, primaryId, to),
        ...associatedIds(state(), type, otherId, to),
      ]),
    ],
  }));
  const lists = Object.values(state().lists).filter(
    (l) =>
      (l.processingType ?? 'MANUAL') === 'MANUAL' && l.members.some((m) => m === primaryId || m === otherId),
  );
  // Archived first: their unique values (email, salesforce_id) pass to the new record.
  store.archive(type, primaryId);
  store.archive(type, otherId);
  const [merged] = store.write(type, [{ properties: values }]);
  merged.properties.hs_merged_object_ids = folded.join(';');
  state().mergedInto ??= {};
  for (const id of folded) state().mergedInto![`${type}|${id}`] = merged.id;
  for (const { to, ids } of links)
    for (const id of ids) {
      try {
        associateRecords(state(), deps.associationLimit, type, merged.id, to, id);
      } catch {
        // Past the association limit the extra ones are dropped, as HubSpot drops excess associations.
      }
    }
  for (const list of lists)
    setMembers(
      list,
      [...list.members.filter((m) => m !== primaryId && m !== otherId), merged.id],
      deps.now(),
    );
  return merged;
}
