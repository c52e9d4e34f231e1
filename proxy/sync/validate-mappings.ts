/** @module Checks a mapping set against Salesforce describe and the CRM's property definitions (on start and on change). */
import type { MappingProblemDto } from '../../shared/api/mappings';
import { COMPATIBLE_TYPES } from '../../shared/mapping-compat';
import { fieldWords } from '../../shared/taxonomy';
import type { CrmPropertyDefinition } from '../crm/types';
import type { DescribeResult } from '../salesforce/adapter';
import { isConvertible } from './convert-value';
import type { ObjectMapping } from './default-mapping';

/** See shared/api/mappings.ts: `scope` 'object' stops the pair (and suspends the sync), 'field' only that field. */
export type MappingProblem = MappingProblemDto;

const COMPATIBLE = COMPATIBLE_TYPES;

/** "contacts" → "contact": HubSpot's object names as an admin says them. */
const CRM_SINGULAR: Readonly<Record<string, string>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

/** HubSpot property types as the kind of value they hold. */
const CRM_KIND_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'number',
  date: 'date',
  datetime: 'date and time',
  enumeration: 'dropdown choice',
  bool: 'yes/no',
  phone_number: 'phone number',
};

/**
 * The words of one object pair's messages: labels from the describe and the property definitions, with the
 * Salesforce API name only in brackets, as the hint that finds the field in Setup (and only where the
 * label differs from it): "Contact's Mobile Phone field (MobilePhone)".
 */
function wordsFor(
  describe: DescribeResult | undefined,
  sfObject: string,
  props: Map<string, CrmPropertyDefinition>,
) {
  const object = describe?.label || sfObject;
  const fields = new Map((describe?.fields ?? []).map((f) => [f.name, f]));
  return {
    field(apiName: string): string {
      const label = fields.get(apiName)?.label || fieldWords(apiName);
      return `${object}'s ${label} field${label === apiName ? '' : ` (${apiName})`}`;
    },
    property(name: string): string {
      return `the HubSpot property "${props.get(name)?.label || name}"`;
    },
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function validateMappings(
  mappings: ObjectMapping[],
  describes: Map<string, DescribeResult>,
  crmProperties: Map<string, CrmPropertyDefinition[]>,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const m of mappings) {
    const fields = new Map((describes.get(m.sfObject)?.fields ?? []).map((f) => [f.name, f]));
    const props = new Map((crmProperties.get(m.crmType) ?? []).map((p) => [p.name, p]));
    const words = wordsFor(describes.get(m.sfObject), m.sfObject, props);
    const records = `HubSpot ${CRM_SINGULAR[m.crmType] ?? m.crmType} records`;
    const add = (p: Omit<MappingProblem, 'crmType' | 'sfObject' | 'scope'>) =>
      problems.push({
        crmType: m.crmType,
        sfObject: m.sfObject,
        scope: p.problem === 'external-id-missing' ? 'object' : 'field',
        ...p,
      });
    if (!fields.get(m.externalId)?.externalId) {
      add({
        property: 'id',
        field: m.externalId,
        problem: 'external-id-missing',
        message: `${capital(words.field(m.externalId))} is missing or is not an External ID: create it as a Text(32) field, unique and External ID, or run "Create missing fields" in Settings → Setup`,
      });
    }
    for (const r of m.references) {
      const field = fields.get(r.sf);
      const target = mappings.find((x) => x.crmType === r.to)?.sfObject;
      const base = { property: `(association → ${r.to})`, field: r.sf };
      if (!field)
        add({
          ...base,
          problem: 'field-missing',
          message: `${capital(words.field(r.sf))} does not exist or is hidden from the integration user: ${records} cannot be linked to their ${CRM_SINGULAR[r.to] ?? r.to}; give the integration user access to the field, or remove the association mapping`,
        });
      else if (
        field.type !== 'reference' ||
        (target && field.referenceTo && !field.referenceTo.includes(target))
      )
        add({
          ...base,
          problem: 'type-mismatch',
          message: `${capital(words.field(r.sf))} is not a lookup to ${(target && describes.get(target)?.label) || target || r.to}: map the association to a lookup field`,
        });
      else if (field.createable === false && field.updateable === false)
        add({
          ...base,
          problem: 'not-writable',
          message: `The integration user cannot edit ${words.field(r.sf)}: grant Edit on the field`,
        });
    }
    for (const f of m.fields) {
      const field = fields.get(f.sf);
      const prop = props.get(f.crm);
      if (!field) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'field-missing',
          message: `${capital(words.field(f.sf))} does not exist or is hidden from the integration user: create the field or give the integration user access to it, or remove its mapping from ${words.property(f.crm)}`,
        });
        continue;
      }
      if (props.size && !prop) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'property-missing',
          message: `${records} have no property "${f.crm}": create it in HubSpot, or remove its mapping to ${words.field(f.sf)}`,
        });
        continue;
      }
      if (!isConvertible(field.type) || (prop && !(COMPATIBLE[field.type] ?? []).includes(prop.type))) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'type-mismatch',
          message: `${capital(words.property(f.crm))}${prop ? ` holds ${CRM_KIND_WORDS[prop.type] ?? prop.type} values, which` : ''} cannot be written to ${words.field(f.sf)}: ${field.type === 'reference' ? 'a lookup field is filled by an association mapping, not a property' : 'map the property to a field of a matching type'}`,
        });
        continue;
      }
      if (f.direction !== 'sf-to-crm' && field.createable === false && field.updateable === false) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'not-writable',
          message: `The integration user cannot edit ${words.field(f.sf)}: grant Edit on the field, or set the mapping's direction to "Always use Salesforce"`,
        });
      }
    }
  }
  return problems;
}
