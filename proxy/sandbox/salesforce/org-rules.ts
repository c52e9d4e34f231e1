/** @module The org's automation, run after the field checks: validation rules, duplicate rules, flows, Apex triggers, approval locks. */
import { conditionHolds } from './conditions';
import type { DuplicateRule, OrgDefinition, OrgRule } from './org-definition';
import type { SfRecord } from './org-state';
import type { RecordTable } from './record-table';
import type { SaveError } from './sf-format';

const active = <K extends OrgRule['kind']>(org: OrgDefinition, object: string, kind: K) =>
  org.rules.filter(
    (r): r is Extract<OrgRule, { kind: K }> => r.kind === kind && r.active && r.object === object,
  );

/** An approval-locked record refuses updates and deletes. */
export function lockedError(org: OrgDefinition, object: string, existing: SfRecord): SaveError | null {
  const locked = active(org, object, 'approvalLock').some((r) => conditionHolds(r.when, existing));
  return locked
    ? { statusCode: 'ENTITY_IS_LOCKED', message: 'the entity is locked for editing', fields: [] }
    : null;
}

/** Every firing validation rule is one error, with the admin's message. */
export function validationErrors(org: OrgDefinition, object: string, record: SfRecord): SaveError[] {
  return active(org, object, 'validation')
    .filter((r) => conditionHolds(r.when, record))
    .map((r) => ({
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: r.message,
      fields: r.errorField ? [r.errorField] : [],
    }));
}

/** Block rules stop the save; alert rules too unless the caller sent `Sforce-Duplicate-Rule-Header: allowSave=true`. */
export function duplicateRuleError(
  org: OrgDefinition,
  object: string,
  record: SfRecord,
  table: RecordTable,
  allowSave: boolean,
  urlOf: (type: string, id: string) => string,
  options: { details: boolean } = { details: false },
): SaveError | null {
  for (const rule of active(org, object, 'duplicate')) {
    const matches = findMatches(rule, record, table);
    if (matches.length === 0 || (rule.action === 'alert' && allowSave)) continue;
    const duplicateResult = {
      allowSave: rule.action === 'alert',
      duplicateRule: rule.name,
      duplicateRuleEntityType: object,
      errorMessage: rule.message,
      matchResults: [
        {
          entityType: object,
          errors: [],
          matchEngine: 'ExactMatchEngine',
          matchRecords: matches.map((m) => ({
            additionalInformation: [],
            // With includeRecordDetails, each match field and how the two values compare.
            fieldDiffs: options.details ? rule.matchFields.map((name) => ({ name, difference: 'SAME' })) : [],
            matchConfidence: 100.0,
            record: { attributes: { type: object, url: urlOf(object, m.Id) }, Id: m.Id },
          })),
          rule: rule.matchRule,
          size: matches.length,
          success: true,
        },
      ],
    };
    return { statusCode: 'DUPLICATES_DETECTED', message: rule.message, fields: [], duplicateResult };
  }
  return null;
}

function findMatches(rule: DuplicateRule, record: SfRecord, table: RecordTable): SfRecord[] {
  const key = (r: SfRecord) => rule.matchFields.map((f) => String(r[f] ?? '').toLowerCase());
  const mine = key(record);
  if (mine.some((v) => v === '')) return [];
  // The first match field narrows through the index; the others are compared on those few records.
  return table
    .findBy(rule.object, rule.matchFields[0], record[rule.matchFields[0]])
    .filter((r) => r.Id !== record.Id && !r.IsDeleted && key(r).every((v, i) => v === mine[i]));
}

export function flowError(org: OrgDefinition, object: string, record: SfRecord): SaveError | null {
  const flow = active(org, object, 'flow').find((r) => conditionHolds(r.when, record));
  if (!flow) return null;
  return {
    statusCode: 'CANNOT_EXECUTE_FLOW_TRIGGER',
    message: `We can't save this record because the "${flow.label}" process failed. Give your Salesforce admin these details. ${flow.detail}`,
    fields: [],
  };
}

/** An unhandled exception in an Apex trigger, wrapping the first error of the DML it attempted. */
export function triggerError(
  org: OrgDefinition,
  object: string,
  record: SfRecord,
  event: 'insert' | 'update',
): SaveError | null {
  const trigger = active(org, object, 'trigger').find(
    (r) => r.events.includes(event) && conditionHolds(r.when, record),
  );
  if (!trigger) return null;
  const Event = event === 'insert' ? 'Insert' : 'Update';
  const { code, message } = trigger.firstError;
  return {
    statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
    message: `${trigger.name}: execution of Before${Event} caused by: System.DmlException: ${Event} failed. First exception on row 0; first error: ${code}, ${message}: []: Trigger.${trigger.name}: line ${trigger.line}, column 1`,
    fields: [],
  };
}
