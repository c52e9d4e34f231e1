/** @module Record operations shared by the single-record and the sObject Collections routes. */
import type { Context } from 'hono';
import { type FieldDef, fieldPermission, findField, findObject, type ObjectDef } from './org-definition';
import { lockedError } from './org-rules';
import type { SfRecord } from './org-state';
import { canonicalId, newRecordId } from './record-ids';
import type { RecordTable } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { type SaveContext, type SaveOutcome, saveRecord } from './save-record';
import { type SaveError, SfError, sfDateTime } from './sf-format';

export function saveContext(deps: SandboxDeps, table: RecordTable, c: Context): SaveContext {
  const state = deps.state();
  const header = c.req.header('sforce-duplicate-rule-header') ?? '';
  return {
    org: state.org,
    table,
    now: deps.now,
    newId: (object: ObjectDef) => newRecordId(object.keyPrefix, state.idSequence++),
    takeLockFault: deps.faults.takeLock,
    allowDuplicateSave: /allowSave\s*=\s*true/i.test(header),
    duplicateRecordDetails: /includeRecordDetails\s*=\s*true/i.test(header),
    urlOf: recordUrlOf(deps.basePath, c.req.param('version') ?? 'v62.0'),
  };
}

/** The object named in a path, as the integration user sees it; unknown or unreadable objects are a 404. */
export function objectFromPath(deps: SandboxDeps, name: string): ObjectDef {
  const object = findObject(deps.state().org, name);
  if (!object?.permission.read) {
    throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
  return object;
}

/** A record by id for reads and writes: hidden and foreign ids are NOT_FOUND; deleted ones ENTITY_IS_DELETED. */
export function findLive(table: RecordTable, object: ObjectDef, rawId: string): SfRecord | SaveError {
  const id = canonicalId(rawId);
  const record = id ? table.get(object.name, id) : undefined;
  if (!id) {
    return {
      statusCode: 'MALFORMED_ID',
      message: `${object.label} ID: id value of incorrect type: ${rawId}`,
      fields: ['Id'],
    };
  }
  if (!record || table.isHidden(id)) {
    return { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] };
  }
  if (record.IsDeleted) return { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };
  return record;
}

export const isSaveError = (v: SfRecord | SaveError): v is SaveError => 'statusCode' in v && !('Id' in v);

/** Moves a record to the recycle bin (queryAll still returns it, with IsDeleted = true). */
export function deleteRecord(
  deps: SandboxDeps,
  table: RecordTable,
  object: ObjectDef,
  rawId: string,
): SaveError | null {
  const found = findLive(table, object, rawId);
  if (isSaveError(found)) return found;
  if (!object.permission.delete) {
    return {
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: 'insufficient access rights on object id',
      fields: [],
    };
  }
  if (deps.faults.takeLock()) {
    return {
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
      fields: [],
    };
  }
  const locked = lockedError(deps.state().org, object.name, found);
  if (locked) return locked;
  const stamp = sfDateTime(deps.now());
  table.put(object.name, { ...found, IsDeleted: true, LastModifiedDate: stamp, SystemModstamp: stamp });
  return null;
}

/** An external-id field usable for upsert, or NOT_FOUND with Salesforce's wording. */
export function externalIdField(object: ObjectDef, name: string): FieldDef {
  const field = findField(object, name);
  const usable =
    field && (field.externalId || field.name === 'Id') && fieldPermission(object, field).readable;
  if (!usable) {
    throw new SfError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${name}`,
    );
  }
  return field;
}

export function matchExternalId(
  table: RecordTable,
  object: ObjectDef,
  field: FieldDef,
  value: string,
): SfRecord[] {
  if (field.name === 'Id') {
    const id = canonicalId(value);
    const record = id ? table.get(object.name, id) : undefined;
    return record && !record.IsDeleted ? [record] : [];
  }
  return table.findBy(object.name, field.name, value).filter((r) => !r.IsDeleted && !table.isHidden(r.Id));
}

export type UpsertOutcome = (SaveOutcome & { created?: boolean }) | { ok: false; multiple: SfRecord[] };

/** Updates the one record holding `value` in `field`, or creates it when none does. */
export function upsertRecord(
  ctx: SaveContext,
  object: ObjectDef,
  field: FieldDef,
  value: string,
  body: Record<string, unknown>,
): UpsertOutcome {
  const matches = matchExternalId(ctx.table, object, field, value);
  if (matches.length > 1) return { ok: false, multiple: matches };
  const withKey = field.name === 'Id' ? body : { ...body, [field.name]: value };
  const outcome = saveRecord(ctx, object, withKey, matches[0]);
  return { ...outcome, created: matches.length === 0 };
}

/** A record as the API returns it: `attributes` first, then the requested (or all readable) fields. */
export function presentRecord(
  object: ObjectDef,
  record: SfRecord,
  url: string,
  fields?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: object.name, url } };
  const readable = object.fields.filter((f) => fieldPermission(object, f).readable);
  const chosen = fields ? fields.map((name) => findField(object, name)) : readable;
  for (const [i, field] of chosen.entries()) {
    if (!field || !fieldPermission(object, field).readable) {
      throw new SfError(
        400,
        'INVALID_FIELD',
        `No such column '${fields?.[i]}' on sobject of type ${object.name}`,
      );
    }
    out[field.name] = record[field.name] ?? null;
  }
  return out;
}
