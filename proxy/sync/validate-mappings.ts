/** @module Checks a mapping set against Salesforce describe and the CRM's property definitions (on start and on change). */
import type { MappingProblemDto } from '../../shared/api/mappings';
import { COMPATIBLE_TYPES } from '../../shared/mapping-compat';
import type { CrmPropertyDefinition } from '../crm/types';
import type { DescribeResult } from '../salesforce/adapter';
import { isConvertible } from './convert-value';
import type { ObjectMapping } from './default-mapping';

/** See shared/api/mappings.ts: `scope` 'object' stops the pair (and suspends the sync), 'field' only that field. */
export type MappingProblem = MappingProblemDto;

const COMPATIBLE = COMPATIBLE_TYPES;

export function validateMappings(
  mappings: ObjectMapping[],
  describes: Map<string, DescribeResult>,
  crmProperties: Map<string, CrmPropertyDefinition[]>,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const m of mappings) {
    const fields = new Map((describes.get(m.sfObject)?.fields ?? []).map((f) => [f.name, f]));
    const props = new Map((crmProperties.get(m.crmType) ?? []).map((p) => [p.name, p]));
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
        message: `${m.sfObject}.${m.externalId} is missing or not an external id: create it as Text(32), unique, external id`,
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
          message: `${m.sfObject}.${r.sf} does not exist or is hidden from the integration user: ${m.crmType} cannot be linked to their ${r.to}; grant access to the field or remove the reference mapping`,
        });
      else if (
        field.type !== 'reference' ||
        (target && field.referenceTo && !field.referenceTo.includes(target))
      )
        add({
          ...base,
          problem: 'type-mismatch',
          message: `${m.sfObject}.${r.sf} (${field.type}) is not a lookup to ${target ?? r.to}: map the association to a lookup field`,
        });
      else if (field.createable === false && field.updateable === false)
        add({
          ...base,
          problem: 'not-writable',
          message: `The integration user cannot write ${m.sfObject}.${r.sf}: grant Edit on the field`,
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
          message: `${m.sfObject}.${f.sf} does not exist or is hidden from the integration user: fix the field or remove the mapping from ${f.crm}`,
        });
        continue;
      }
      if (props.size && !prop) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'property-missing',
          message: `The CRM has no ${m.crmType} property "${f.crm}": fix the property or remove the mapping to ${f.sf}`,
        });
        continue;
      }
      if (!isConvertible(field.type) || (prop && !(COMPATIBLE[field.type] ?? []).includes(prop.type))) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'type-mismatch',
          message: `${f.crm} (${prop?.type ?? '?'}) cannot be written to ${m.sfObject}.${f.sf} (${field.type})${field.type === 'reference' ? ': a reference field needs a reference mapping' : ''}`,
        });
        continue;
      }
      if (f.direction !== 'sf-to-crm' && field.createable === false && field.updateable === false) {
        add({
          property: f.crm,
          field: f.sf,
          problem: 'not-writable',
          message: `The integration user cannot write ${m.sfObject}.${f.sf}: grant Edit on the field, or set the mapping's direction to "Always use Salesforce"`,
        });
      }
    }
  }
  return problems;
}
