/** @module Resolution steps for each error sub-type, written for an admin and filled from the error's details. */
import { objectWords } from './object-words';
import { type ErrorDetails, fieldWords, type SubType } from './taxonomy';

/** The object in prose, by the one naming rule ("Deal (Opportunity)"). */
const obj = (d: ErrorDetails) => (d.object ? objectWords(d.object) : 'the object');
/** The object in a Salesforce Setup path: the name Object Manager lists it under. */
const sfObj = (d: ErrorDetails) => d.object ?? 'the object';
/** The field by its label's words, its API name in brackets as the hint that finds it in Setup. */
const fld = (d: ErrorDetails) => {
  if (!d.field) return 'the field';
  const words = fieldWords(d.field);
  return words === d.field ? d.field : `${words} (${d.field})`;
};
/** The HubSpot property by its label, as HubSpot's record page and settings show it; its internal name only without one. */
const prop = (d: ErrorDetails) => {
  const name = d.crmPropertyLabel || d.crmProperty;
  return name ? `the HubSpot property "${name}"` : 'the HubSpot property';
};
const fieldSetup = (d: ErrorDetails) =>
  `Salesforce Setup → Object Manager → ${sfObj(d)} → Fields & Relationships → ${fld(d)}`;
/** The value a record carries, quoted; long values are cut so that a step stays readable. */
const quoted = (value: string) => `"${value.length > 80 ? `${value.slice(0, 79)}…` : value}"`;
const theValue = (d: ErrorDetails) => (d.value ? `, so its value ${quoted(d.value)} was not written` : '');
const singular = (crmObject?: string) =>
  crmObject ? objectWords(crmObject, { hubspotOnly: true }).toLowerCase() : 'record';
/** A blocking record's id as an admin reads it: `sf:<id>` is a Salesforce record not in HubSpot yet. */
const idOf = (id: string) => (id.startsWith('sf:') ? `Salesforce id ${id.slice(3)}` : `HubSpot id ${id}`);
const retry =
  'Then select the errors and click Resync (the sync also retries on its own when it sees the change).';

const STEPS: Readonly<Record<SubType, (d: ErrorDetails) => string[]>> = {
  'blocking-record-not-synced': (d) => [
    `This record waits for its associated ${singular(d.crmObject)} ${d.blockingRecordName ? `"${d.blockingRecordName}" ` : ''}${d.blockingRecordId ? `(${idOf(d.blockingRecordId)}) ` : ''}to sync first${d.field ? ` (its ${fld(d)}${d.value ? ` is ${d.value}` : ''})` : ''}.`,
    'Open the blocking record and fix its own sync error; the records it holds back sync right after it.',
  ],
  'association-limit': (d) => [
    `HubSpot's association limit is reached on ${d.blockingRecordName ? `"${d.blockingRecordName}"` : `the associated ${singular(d.crmObject)}`}${d.field ? `, so ${fld(d)}${d.value ? ` (${d.value})` : ''} could not be mirrored as an association` : ''}.`,
    'Remove associations that are no longer needed in HubSpot, or raise the association limit in HubSpot Settings → Objects → Associations.',
    retry,
  ],
  'invalid-reference': (d) => [
    `${fld(d)} on ${obj(d)} points at a record${d.value ? ` (${d.value})` : ''} that does not exist (deleted, or never synced).`,
    'Sync or restore the referenced record, or clear the association in HubSpot.',
    retry,
  ],
  'validation-rule': (d) => [
    `The validation rule ${d.rule ? `"${d.rule}" ` : ''}on ${obj(d)} rejected the record${d.message ? `: "${d.message}"` : ''}.`,
    `Change the record in HubSpot so that it passes the rule, or in Salesforce Setup → Object Manager → ${sfObj(d)} → Validation Rules, exempt the integration user from the rule.`,
    retry,
  ],
  flow: (d) => [
    `The flow or process ${d.rule ? `"${d.rule}" ` : ''}failed while saving the ${obj(d)} record${d.message ? `: "${d.message}"` : ''}.`,
    `In Salesforce Setup → Flows, open ${d.rule ? `"${d.rule}"` : 'the flow'} and fix the failing element, or add an entry condition that skips records written by the integration user.`,
    retry,
  ],
  'apex-trigger': (d) => [
    `The Apex trigger ${d.rule ? `${d.rule} ` : ''}on ${obj(d)} threw an error${d.message ? `: "${d.message}"` : ''}.`,
    `Give this error to the developer who owns the trigger (Salesforce Setup → Object Manager → ${sfObj(d)} → Triggers); if it wraps a validation rule, change the record to pass it.`,
    retry,
  ],
  'duplicate-rule': (d) => [
    `A duplicate rule ${d.rule ? `("${d.rule}") ` : ''}on ${obj(d)} blocked the record${d.duplicateRecordId ? `: it matches the existing record ${d.duplicateRecordId}` : ''}${d.field ? ` on ${fld(d)}${d.value ? ` ("${d.value}")` : ''}` : ''}.`,
    `Merge the two records (in Salesforce or in HubSpot), or in Salesforce Setup → Duplicate Management → Duplicate Rules, set the rule's action on create to Allow for the integration user.`,
    retry,
  ],
  'duplicate-value': (d) => [
    `${fld(d)} must be unique, and the value${d.value ? ` ${quoted(d.value)}` : ''} is already used${d.duplicateRecordId ? ` on record ${d.duplicateRecordId}` : ''}.`,
    'Merge the two records, or change the value on one of them so that each is unique.',
    retry,
  ],
  'ambiguous-match': (d) => [
    `The sync looked for the ${obj(d)} this record already is, by ${fld(d)}${d.value ? ` ("${d.value}")` : ''}, and found several${d.message ? `: ${d.message}` : ''}. It linked none and wrote nothing, so that no twin is made.`,
    'Merge the duplicates (in Salesforce or in HubSpot), or change the value on all but the one that belongs to this record.',
    retry,
  ],
  'field-read-only': (d) => [
    `The integration user may read but not edit ${fld(d)} on ${obj(d)}${theValue(d)}.`,
    `In ${fieldSetup(d)} → Set Field-Level Security, make it editable for the integration user's profile or permission set, or remove the field from the mapping.`,
    retry,
  ],
  'field-hidden': (d) => [
    `${fld(d)} on ${obj(d)} is hidden from the integration user by field-level security${theValue(d)}.`,
    `In ${fieldSetup(d)} → Set Field-Level Security, make it visible and editable for the integration user, or remove the field from the mapping.`,
    retry,
  ],
  'object-permission': (d) => [
    `The integration user has no permission to create or edit ${obj(d)} records.`,
    `In Salesforce Setup → Users, give the integration user's profile or a permission set Read, Create and Edit on ${sfObj(d)}.`,
    retry,
  ],
  'record-access': (d) => [
    `The integration user cannot edit this ${obj(d)} record or a record it refers to (owner, parent, lookup).`,
    'Share the record with the integration user (sharing rules, role hierarchy or record owner), or give the integration user "Modify All" on the object.',
    retry,
  ],
  'missing-scopes': (d) => [
    `The HubSpot app is missing a permission scope${d.message ? `: "${d.message}"` : ''}.`,
    'Reconnect HubSpot and approve every scope the sync asks for.',
  ],
  'picklist-value-missing': (d) => [
    `In ${fieldSetup(d)}, add the value ${d.value ? quoted(d.value) : 'of the record'} to the picklist, or change ${prop(d)} on the record to one of the allowed values.`,
    retry,
  ],
  'picklist-full': (d) => [
    `The picklist ${fld(d)} on ${obj(d)} holds the maximum number of values.`,
    `In ${fieldSetup(d)}, remove unused values, or map ${prop(d)} to a text field instead.`,
    retry,
  ],
  'mapping-field-missing': (d) => [
    `The mapping writes ${fld(d)} on ${obj(d)}, which does not exist (deleted or renamed) or is hidden from the integration user${theValue(d)}.`,
    `Re-create the field in Salesforce Setup → Object Manager → ${sfObj(d)} → Fields & Relationships, or change the mapping of ${prop(d)} to an existing field.`,
    retry,
  ],
  'mapping-type-mismatch': (d) => [
    `${prop(d)} cannot be written into ${fld(d)} on ${obj(d)}: their types do not match${d.message ? ` (${d.message})` : ''}.`,
    'Map the property to a field of a compatible type, or change the field type in Salesforce.',
    retry,
  ],
  'mapping-reference-needs-mapping': (d) => [
    `${fld(d)} on ${obj(d)} is a reference to another record; it cannot take a plain value from ${prop(d)}.`,
    'Remove the property from the mapping and sync the association instead, so the reference is set from the associated record.',
    retry,
  ],
  'value-too-long': (d) => [
    `The value${d.value ? ` ${quoted(d.value)}` : ''} of ${fld(d)} is longer than the ${d.maxLength ?? 'allowed'} characters the field holds.`,
    `Shorten ${prop(d)} on the record in HubSpot, or raise the field's length in ${fieldSetup(d)}.`,
    retry,
  ],
  'invalid-email': (d) => [
    `${d.value ? quoted(d.value) : 'The value'} is not a valid email address for ${fld(d)}.`,
    `Correct ${prop(d)} on the record in HubSpot.`,
    retry,
  ],
  'number-out-of-range': (d) => [
    `The number${d.value ? ` ${quoted(d.value)}` : ''} does not fit ${fld(d)} (too many digits or decimals).`,
    `Correct ${prop(d)} in HubSpot, or raise the field's length or decimal places in ${fieldSetup(d)}.`,
    retry,
  ],
  'required-missing': (d) => [
    `${fld(d)} is required on ${obj(d)} but the record has no value for it.`,
    `Fill in ${prop(d)} on the record in HubSpot, or map a property that always has a value to ${fld(d)}.`,
    retry,
  ],
  'invalid-value': (d) => [
    `The value${d.value ? ` ${quoted(d.value)}` : ''} has the wrong format for ${fld(d)}${d.message ? `: "${d.message}"` : ''}.`,
    `Correct ${prop(d)} on the record.`,
    retry,
  ],
  'record-deleted': (d) => [
    `The linked ${obj(d)} record is in the Salesforce recycle bin.`,
    'Restore it from the recycle bin, or unlink the HubSpot record so that the sync creates a new one.',
    retry,
  ],
  'record-locked': (d) => [
    `The ${obj(d)} record is locked, usually by an approval process.`,
    'Finish or recall the approval in Salesforce, or give the integration user permission to edit locked records.',
    retry,
  ],
  'inactive-owner': (d) => [
    `The ${obj(d)} record is owned by, or assigned to, an inactive Salesforce user.`,
    'Reassign the record to an active user, or reactivate the user.',
    retry,
  ],
  'temporary-failure': (d) => [
    `Salesforce kept failing for a moment each time the sync wrote this ${obj(d)} record${d.code ? ` (${d.code})` : ''}, so it stopped retrying on its own.`,
    "Check Salesforce's status and the org's API usage; once the failures stop, select the error and click Resync.",
  ],
  other: (d) => [
    `Salesforce or HubSpot rejected the record${d.message ? `: "${d.message}"` : ''}.`,
    'Read the raw error, fix the record or the setting it names, then resync.',
  ],
};

/**
 * What an admin should change, and where, for one error.
 * @example resolutionSteps('picklist-value-missing', { object: 'Account', field: 'Industry', value: 'Biotech', crmProperty: 'industry' })[0]
 *   // 'In Salesforce Setup → Object Manager → Account → Fields & Relationships → Industry, add the value "Biotech" …'
 */
export function resolutionSteps(subType: SubType, d: ErrorDetails): string[] {
  return STEPS[subType](d);
}
