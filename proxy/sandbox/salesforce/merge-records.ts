/**
 * @module Merging records as Salesforce does (the merge() call, or Merge in the UI): up to two losers
 * go to the recycle bin with MasterRecordId set to the surviving record, their children move to it.
 * `queryAll` then returns the losers with IsDeleted = true and MasterRecordId.
 */
import { ControlError, objectNamed, recordNamed } from './direct-writes';
import type { FieldDef, ObjectDef } from './org-definition';
import type { OrgState } from './org-state';
import { putRecord } from './record-index';
import { sfDateTime } from './sf-format';

/** Objects that can be merged in Salesforce (the merge() call accepts these). */
export const MERGEABLE = ['Account', 'Contact', 'Lead'];

/** Adds the platform's MasterRecordId to the mergeable objects that do not list it yet. */
export function withMergeFields(objects: ObjectDef[]): ObjectDef[] {
  return objects.map((o) => {
    if (!MERGEABLE.includes(o.name) || o.fields.some((f) => f.name === 'MasterRecordId')) return o;
    const masterRecord: FieldDef = {
      name: 'MasterRecordId',
      label: 'Master Record ID',
      type: 'reference',
      nillable: true,
      referenceTo: [o.name],
      relationshipName: 'MasterRecord',
      system: true,
    };
    return { ...o, fields: [...o.fields, masterRecord] };
  });
}

/** Child lookups that follow a merged Account to its master. */
const CHILDREN: Record<string, Array<{ object: string; field: string }>> = {
  Account: [
    { object: 'Contact', field: 'AccountId' },
    { object: 'Opportunity', field: 'AccountId' },
  ],
};

/** Merges `loserIds` into `masterId`; the losers are deleted with MasterRecordId, the master is touched. */
export function mergeRecords(
  state: OrgState,
  now: number,
  objectName: string,
  masterId: string,
  loserIds: string[],
): { masterId: string; mergedIds: string[] } {
  const object = objectNamed(state, objectName);
  if (!MERGEABLE.includes(object.name)) {
    throw new ControlError(`${object.name} records cannot be merged. Options: ${MERGEABLE.join(', ')}`);
  }
  // Salesforce merges at most three records at a time: the master and two others.
  if (loserIds.length < 1 || loserIds.length > 2) {
    throw new ControlError(`Merge one or two records into the master, not ${loserIds.length}`);
  }
  const master = recordNamed(state, object.name, masterId);
  const losers = loserIds.map((id) => recordNamed(state, object.name, id));
  for (const r of [master, ...losers]) {
    if (r.IsDeleted) throw new ControlError(`${object.name} ${r.Id} is deleted: restore it before merging`);
    if (r.IsConverted) throw new ControlError(`Lead ${r.Id} is converted: a converted lead cannot be merged`);
  }
  if (losers.some((l) => l.Id === master.Id)) {
    throw new ControlError('The master record cannot also be one of the records merged into it');
  }
  const stamp = sfDateTime(now);
  const touch = { LastModifiedDate: stamp, SystemModstamp: stamp };
  for (const loser of losers) {
    putRecord(state.records[object.name], { ...loser, ...touch, IsDeleted: true, MasterRecordId: master.Id });
    for (const child of CHILDREN[object.name] ?? []) {
      for (const r of Object.values(state.records[child.object] ?? {})) {
        if (r[child.field] === loser.Id)
          putRecord(state.records[child.object], { ...r, ...touch, [child.field]: master.Id });
      }
    }
  }
  putRecord(state.records[object.name], { ...master, ...touch });
  return { masterId: master.Id, mergedIds: losers.map((l) => l.Id) };
}
