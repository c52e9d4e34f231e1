/** @module The field-level checks of a save, in Salesforce's order: field access, required values, values, references, uniqueness. */

import { coerceFieldValue } from './field-values';
import { fieldPermission, findField, type ObjectDef, type OrgDefinition } from './org-definition';
import type { SfRecord } from './org-state';
import { canonicalId } from './record-ids';
import type { RecordTable } from './record-table';
import type { SaveError } from './sf-format';

const err = (statusCode: string, message: string, fields: string[] = []): SaveError => ({
  statusCode,
  message,
  fields,
});

/** Maps body keys to canonical fields; unknown, hidden and read-only fields fail like Salesforce. */
export function resolveFields(
  object: ObjectDef,
  body: Record<string, unknown>,
  op: 'insert' | 'update',
): { values: Record<string, unknown> } | { error: SaveError } {
  const values: Record<string, unknown> = {};
  const readOnly: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === 'attributes') continue;
    const field = findField(object, key);
    const perm = field && fieldPermission(object, field);
    if (!field || !perm?.readable) {
      return { error: err('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`) };
    }
    if (field.name === 'Id') {
      if (op === 'insert')
        return { error: err('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']) };
      continue; // an update names its record by Id; the value itself is not written
    }
    if (field.system || !perm.editable) readOnly.push(field.name);
    else values[field.name] = value;
  }
  if (readOnly.length > 0) {
    const list = readOnly.join(', ');
    const message = `Unable to create/update fields: ${list}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`;
    return { error: err('INVALID_FIELD_FOR_INSERT_UPDATE', message, readOnly) };
  }
  return { values };
}

/** Required fields left blank, as one REQUIRED_FIELD_MISSING listing them all. */
export function missingRequired(object: ObjectDef, record: Record<string, unknown>): SaveError | null {
  const missing = object.fields
    .filter((f) => !f.nillable && !f.system && f.type !== 'boolean')
    .filter((f) => record[f.name] === null || record[f.name] === undefined)
    .map((f) => f.name);
  if (missing.length === 0) return null;
  return err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}

/** Coerces every written value; collects every failing field. */
export function coerceValues(
  org: OrgDefinition,
  object: ObjectDef,
  values: Record<string, unknown>,
  table: RecordTable,
): { values: Record<string, unknown> } | { errors: SaveError[] } {
  const out: Record<string, unknown> = {};
  const errors: SaveError[] = [];
  for (const [name, raw] of Object.entries(values)) {
    const field = findField(object, name)!;
    if (field.type === 'reference') {
      const checked = checkReference(org, field.label, field.name, field.referenceTo ?? [], raw, table);
      if ('error' in checked) errors.push(checked.error);
      else out[name] = checked.id;
      continue;
    }
    const coerced = coerceFieldValue(field, raw);
    if (coerced.ok) out[name] = coerced.value;
    else errors.push(coerced.error);
  }
  return errors.length > 0 ? { errors } : { values: out };
}

function checkReference(
  org: OrgDefinition,
  label: string,
  name: string,
  targets: string[],
  raw: unknown,
  table: RecordTable,
): { id: string | null } | { error: SaveError } {
  if (raw === null || raw === undefined || raw === '') return { id: null };
  const id = canonicalId(raw);
  const target = id ? table.objectOf(id) : undefined;
  if (!id || !target || !targets.includes(target) || !org.objects[target]) {
    return { error: err('MALFORMED_ID', `${label}: id value of incorrect type: ${String(raw)}`, [name]) };
  }
  const record = table.get(target, id);
  if (!record) return { error: err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [name]) };
  if (table.isHidden(id)) {
    return {
      error: err(
        'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
        'insufficient access rights on cross-reference id',
        [name],
      ),
    };
  }
  if (record.IsDeleted) return { error: err('ENTITY_IS_DELETED', 'entity is deleted', [name]) };
  return { id };
}

/** Unique and unique external-id fields compare case-insensitively (Salesforce's default for unique text). */
export function duplicateValue(object: ObjectDef, record: SfRecord, table: RecordTable): SaveError | null {
  for (const field of object.fields.filter((f) => f.unique)) {
    const value = record[field.name];
    if (value === null || value === undefined) continue;
    const other = table
      .findBy(object.name, field.name, value)
      .find((r) => r.Id !== record.Id && !r.IsDeleted);
    if (other) {
      return err(
        'DUPLICATE_VALUE',
        `duplicate value found: ${field.name} duplicates value on record with id: ${other.Id}`,
        [field.name],
      );
    }
  }
  return null;
}
