/** @module Writes "by a user in the Salesforce UI": no API call is charged and no rule runs, but values are still typed. */
import { recordsCommitted } from './change-events';
import { coerceFieldValue } from './field-values';
import { findField, findObject, type ObjectDef } from './org-definition';
import type { OrgState, SfRecord } from './org-state';
import { canonicalId, newRecordId } from './record-ids';
import { putRecord } from './record-index';
import { computeName } from './save-record';
import { sfDateTime } from './sf-format';

/** A control call with bad input: the message says what to change. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export function objectNamed(state: OrgState, name: string): ObjectDef {
  const object = findObject(state.org, name);
  if (!object) {
    throw new ControlError(`Unknown object "${name}". Options: ${Object.keys(state.org.objects).join(', ')}`);
  }
  return object;
}

function typedValues(object: ObjectDef, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const field = findField(object, name);
    if (!field) throw new ControlError(`Unknown field "${name}" on ${object.name}`);
    if (field.type === 'reference' || field.type === 'id') {
      out[field.name] = raw === null ? null : canonicalId(raw);
      if (raw !== null && !out[field.name])
        throw new ControlError(`${object.name}.${field.name}: "${String(raw)}" is not a record id`);
      continue;
    }
    const coerced = coerceFieldValue(field, raw);
    if (!coerced.ok && coerced.error.statusCode !== 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST') {
      throw new ControlError(`${object.name}.${field.name}: ${coerced.error.message}`);
    }
    // An admin can store a value the restricted picklist does not list (it was deactivated since, or imported).
    out[field.name] = coerced.ok ? coerced.value : raw;
  }
  return out;
}

export function insertDirect(
  state: OrgState,
  now: number,
  objectName: string,
  fields: Record<string, unknown>,
  options: { hidden?: boolean; id?: string } = {},
): SfRecord {
  const object = objectNamed(state, objectName);
  const stamp = sfDateTime(now);
  const userId = state.org.integrationUserId;
  const defaults = Object.fromEntries(
    object.fields
      .filter((f) => !f.system)
      .map((f) => [f.name, f.defaultValue ?? (f.type === 'boolean' ? false : null)]),
  );
  const owned = object.fields.some((f) => f.name === 'OwnerId');
  const record: SfRecord = {
    ...defaults,
    ...(owned ? { OwnerId: userId } : {}),
    ...typedValues(object, fields),
    Id: options.id ?? newRecordId(object.keyPrefix, state.idSequence++),
    IsDeleted: false,
    CreatedDate: stamp,
    CreatedById: userId,
    LastModifiedDate: stamp,
    LastModifiedById: userId,
    SystemModstamp: stamp,
  };
  computeName(object, record);
  putRecord(state.records[object.name], record);
  recordsCommitted(state, [{ object: object.name, before: undefined, after: record }]);
  if (options.hidden) state.hiddenIds.push(record.Id);
  return record;
}

export function recordNamed(state: OrgState, objectName: string, rawId: string): SfRecord {
  const object = objectNamed(state, objectName);
  const id = canonicalId(rawId);
  const record = id ? state.records[object.name][id] : undefined;
  if (!record) throw new ControlError(`No ${object.name} with id "${rawId}"`, 404);
  return record;
}

export function updateDirect(
  state: OrgState,
  now: number,
  objectName: string,
  rawId: string,
  fields: Record<string, unknown>,
): SfRecord {
  const existing = recordNamed(state, objectName, rawId);
  const object = objectNamed(state, objectName);
  const stamp = sfDateTime(now);
  const record: SfRecord = {
    ...existing,
    ...typedValues(object, fields),
    Id: existing.Id,
    LastModifiedDate: stamp,
    SystemModstamp: stamp,
  };
  computeName(object, record);
  putRecord(state.records[object.name], record);
  recordsCommitted(state, [{ object: object.name, before: existing, after: record }]);
  return record;
}

export function setDeleted(
  state: OrgState,
  now: number,
  objectName: string,
  rawId: string,
  deleted: boolean,
): void {
  const record = recordNamed(state, objectName, rawId);
  const stamp = sfDateTime(now);
  const object = objectNamed(state, objectName).name;
  const after = { ...record, IsDeleted: deleted, LastModifiedDate: stamp, SystemModstamp: stamp };
  putRecord(state.records[object], after);
  recordsCommitted(state, [{ object, before: record, after }]);
}
