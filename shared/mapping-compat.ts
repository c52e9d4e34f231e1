/**
 * @module Which CRM property can be mapped to which Salesforce field, in which direction, and why not:
 * one table for the proxy's validation (proxy/sync/validate-mappings.ts) and the panel's pickers.
 * Types follow HubSpot's compatibility table for its Salesforce integration (dropdown/radio ↔ picklist,
 * checkbox ↔ boolean, number ↔ double/int, text ↔ string/textarea, date picker ↔ date/datetime), widened
 * where the sync converts values itself (a number into a text field, a phone number into a phone field).
 */
/**
 * Which way a field's values travel, after the sync rules of HubSpot's own Salesforce integration
 * (knowledge.hubspot.com "Map HubSpot properties to Salesforce fields"):
 * - `two-way`: the most recent value wins; a value cleared on one side is cleared on the other.
 * - `crm-to-sf`: the CRM's value is written to Salesforce; Salesforce's changes are not read back.
 * - `sf-to-crm` ("Always use Salesforce"): never written to Salesforce; Salesforce's value (also a
 *   cleared one) overwrites the CRM's.
 * - `prefer-sf` ("Prefer Salesforce unless blank"): the CRM's value goes to Salesforce only while the
 *   Salesforce field is blank; a Salesforce value (also a cleared one) overwrites the CRM's.
 */
export const MAPPING_DIRECTIONS = ['two-way', 'crm-to-sf', 'sf-to-crm', 'prefer-sf'] as const;
export type MappingDirection = (typeof MAPPING_DIRECTIONS)[number];

/** How the panel names each direction (HubSpot's names where it has one). */
export const DIRECTION_LABELS: Record<MappingDirection, string> = {
  'two-way': 'Two-way',
  'crm-to-sf': 'HubSpot → Salesforce',
  'sf-to-crm': 'Always use Salesforce',
  'prefer-sf': 'Prefer Salesforce unless blank',
};

/** HubSpot property types each Salesforce field type can exchange values with. */
export const COMPATIBLE_TYPES: Record<string, readonly string[]> = {
  string: ['string', 'enumeration', 'phone_number', 'number'],
  textarea: ['string'],
  phone: ['string', 'phone_number'],
  url: ['string'],
  email: ['string'],
  picklist: ['enumeration', 'string'],
  multipicklist: ['enumeration', 'string'],
  double: ['number'],
  int: ['number'],
  currency: ['number'],
  percent: ['number'],
  boolean: ['bool', 'enumeration'],
  date: ['date', 'datetime'],
  datetime: ['datetime', 'date'],
};

/** Salesforce field types in an admin's words (as Setup → Object Manager names them). */
export const SF_TYPE_LABELS: Record<string, string> = {
  string: 'Text',
  textarea: 'Text Area',
  phone: 'Phone',
  url: 'URL',
  email: 'Email',
  picklist: 'Picklist',
  multipicklist: 'Picklist (Multi-Select)',
  combobox: 'Combo box',
  double: 'Number',
  int: 'Number',
  currency: 'Currency',
  percent: 'Percent',
  boolean: 'Checkbox',
  date: 'Date',
  datetime: 'Date/Time',
  reference: 'Lookup',
  id: 'Record ID',
};

/** HubSpot property types in an admin's words (as HubSpot's property settings name them). */
export const CRM_TYPE_LABELS: Record<string, string> = {
  string: 'text',
  number: 'number',
  enumeration: 'dropdown',
  bool: 'checkbox',
  date: 'date',
  datetime: 'date and time',
  phone_number: 'phone number',
};

export interface CompatProperty {
  type: string;
  /** Calculated or maintained by HubSpot: never written by an integration. */
  readOnly?: boolean;
}
export interface CompatField {
  type: string;
  createable?: boolean;
  updateable?: boolean;
}

export type Compatibility = { ok: true } | { ok: false; why: string };

const sfType = (t: string) => SF_TYPE_LABELS[t] ?? t;
const crmType = (t: string) => CRM_TYPE_LABELS[t] ?? t;

/** Whether the values of these two types can be exchanged at all; `why` says it in an admin's words. */
export function typesCompatible(prop: CompatProperty, field: CompatField): Compatibility {
  if (field.type === 'reference' || field.type === 'id')
    return {
      ok: false,
      why: `${sfType(field.type)} fields link records: the sync fills them from associations, not from a property`,
    };
  if (!(COMPATIBLE_TYPES[field.type] ?? []).includes(prop.type)) {
    const takes = (COMPATIBLE_TYPES[field.type] ?? []).map(crmType);
    return {
      ok: false,
      why: takes.length
        ? `A ${crmType(prop.type)} property cannot fill a ${sfType(field.type)} field (it takes ${takes.join(' or ')} properties)`
        : `The sync cannot exchange values with ${sfType(field.type)} fields`,
    };
  }
  return { ok: true };
}

/** Directions a pair of property and field allows: writing needs an editable field, reading a writable property. */
export function allowedDirections(prop: CompatProperty, field: CompatField): MappingDirection[] {
  const sfWritable = field.createable !== false || field.updateable !== false;
  const crmWritable = !prop.readOnly;
  const out: MappingDirection[] = [];
  if (sfWritable && crmWritable) out.push('two-way');
  if (sfWritable) out.push('crm-to-sf');
  if (crmWritable) out.push('sf-to-crm');
  if (sfWritable && crmWritable) out.push('prefer-sf');
  return out;
}

/** Types first, then whether any direction is left; `why` names what to change. */
export function compatibility(prop: CompatProperty, field: CompatField): Compatibility {
  const types = typesCompatible(prop, field);
  if (!types.ok) return types;
  if (!allowedDirections(prop, field).length)
    return {
      ok: false,
      why: 'Both are read-only: HubSpot calculates the property and the integration user cannot edit the field',
    };
  return { ok: true };
}
