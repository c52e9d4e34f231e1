/** @module Saves one record through every rule of the org, in Salesforce's order of execution. */
import { coerceValues, duplicateValue, missingRequired, resolveFields } from './check-fields';
import { convertedLeadError } from './lead-conversion';
import type { ObjectDef, OrgDefinition } from './org-definition';
import { duplicateRuleError, flowError, lockedError, triggerError, validationErrors } from './org-rules';
import type { SfRecord } from './org-state';
import type { RecordTable } from './record-table';
import { type SaveError, sfDateTime } from './sf-format';

export interface SaveContext {
  org: OrgDefinition;
  table: RecordTable;
  now: () => number;
  newId: (object: ObjectDef) => string;
  /** Consumes one injected UNABLE_TO_LOCK_ROW fault, if any is pending. */
  takeLockFault: () => boolean;
  allowDuplicateSave: boolean;
  /** `Sforce-Duplicate-Rule-Header: includeRecordDetails=true`: match records carry their fieldDiffs. */
  duplicateRecordDetails?: boolean;
  urlOf: (type: string, id: string) => string;
}

export type SaveOutcome = { ok: true; record: SfRecord } | { ok: false; errors: SaveError[] };

const fail = (...errors: SaveError[]): SaveOutcome => ({ ok: false, errors });

/**
 * Inserts (no `existing`) or updates a record. Order: object access, lock, field access,
 * required, values and references, unique values, validation rules, duplicate rules, flows, triggers.
 */
export function saveRecord(
  ctx: SaveContext,
  object: ObjectDef,
  body: Record<string, unknown>,
  existing?: SfRecord,
): SaveOutcome {
  const op = existing ? 'update' : 'insert';
  const allowed = existing ? object.permission.edit : object.permission.create;
  // Status 400 vs 403 and the exact text are "unconfirmed" in the reference; we answer 400 with the common text.
  if (!allowed)
    return fail({
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: 'insufficient access rights on object id',
      fields: [],
    });
  if (ctx.takeLockFault()) {
    return fail({
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record',
      fields: [],
    });
  }
  const locked = existing && lockedError(ctx.org, object.name, existing);
  if (locked) return fail(locked);
  const converted = convertedLeadError(object.name, existing);
  if (converted) return fail(converted);

  const resolved = resolveFields(object, body, op);
  if ('error' in resolved) return fail(resolved.error);
  const coerced = coerceValues(ctx.org, object, resolved.values, ctx.table);
  const stamp = sfDateTime(ctx.now());
  const userId = ctx.org.integrationUserId;
  const base: SfRecord = existing ?? {
    ...defaults(object),
    Id: ctx.newId(object),
    IsDeleted: false,
    CreatedDate: stamp,
    CreatedById: userId,
    OwnerId: object.fields.some((f) => f.name === 'OwnerId') ? userId : undefined,
  };
  const record: SfRecord = {
    ...base,
    // A value that failed its checks still counts as present for the required-field check.
    ...('values' in coerced ? coerced.values : resolved.values),
    LastModifiedDate: stamp,
    LastModifiedById: userId,
    SystemModstamp: stamp,
  };
  if (record.OwnerId === undefined) delete record.OwnerId;
  const required = missingRequired(object, record);
  if (required) return fail(required);
  if ('errors' in coerced) return fail(...coerced.errors);
  computeName(object, record);

  const duplicate = duplicateValue(object, record, ctx.table);
  if (duplicate) return fail(duplicate);
  const invalid = validationErrors(ctx.org, object.name, record);
  if (invalid.length > 0) return fail(...invalid);
  const automation =
    duplicateRuleError(ctx.org, object.name, record, ctx.table, ctx.allowDuplicateSave, ctx.urlOf, {
      details: ctx.duplicateRecordDetails ?? false,
    }) ??
    flowError(ctx.org, object.name, record) ??
    triggerError(ctx.org, object.name, record, op);
  if (automation) return fail(automation);

  ctx.table.put(object.name, record);
  return { ok: true, record };
}

function defaults(object: ObjectDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of object.fields) {
    if (f.system) continue;
    out[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
  }
  return out;
}

/** People objects carry a read-only compound Name built from first and last name. */
export function computeName(object: ObjectDef, record: Record<string, unknown>): void {
  const nameField = object.fields.find((f) => f.name === 'Name');
  if (!nameField?.system || !object.fields.some((f) => f.name === 'LastName')) return;
  record.Name = [record.FirstName, record.LastName].filter((p) => p !== null && p !== undefined).join(' ');
}
