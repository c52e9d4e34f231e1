/** @module Resolves a parsed query's object and field paths against the org as the integration user sees it. */
import {
  type FieldDef,
  fieldPermission,
  findField,
  findObject,
  type ObjectDef,
  type OrgDefinition,
} from '../org-definition';
import type { FieldRef, Literal, SoqlQuery } from './parse-soql';
import { SoqlError } from './soql-error';

/** A field reached from the queried object, through zero or more parent relationships. */
export interface ResolvedPath {
  /** Reference fields followed, with the relationship name and the object they lead to. */
  hops: Array<{ field: FieldDef; relationship: string; target: ObjectDef }>;
  field: FieldDef;
}

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

export function resolveObject(org: OrgDefinition, query: SoqlQuery, source: string): ObjectDef {
  const object = findObject(org, query.from.name);
  if (!object?.permission.read) {
    throw new SoqlError(
      'INVALID_TYPE',
      source,
      query.from.pos,
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return object;
}

export function resolvePath(
  org: OrgDefinition,
  object: ObjectDef,
  ref: FieldRef,
  source: string,
): ResolvedPath {
  const hops: ResolvedPath['hops'] = [];
  let current = object;
  for (const relationship of ref.path.slice(0, -1)) {
    const lower = relationship.toLowerCase();
    const field = current.fields.find(
      (f) => f.relationshipName?.toLowerCase() === lower && fieldPermission(current, f).readable,
    );
    const target = field?.referenceTo?.[0] ? org.objects[field.referenceTo[0]] : undefined;
    if (!field || !target?.permission.read) {
      throw new SoqlError(
        'INVALID_FIELD',
        source,
        ref.pos,
        `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push({ field, relationship: field.relationshipName!, target });
    current = target;
  }
  const name = ref.path[ref.path.length - 1];
  const field = findField(current, name);
  if (!field || !fieldPermission(current, field).readable) {
    throw new SoqlError(
      'INVALID_FIELD',
      source,
      ref.pos,
      `No such column '${name}' on entity '${current.name}'. ${CUSTOM_FIELD_HINT}`,
    );
  }
  return { hops, field };
}

const TEXT = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'id', 'reference']);
const NUMBER = new Set(['int', 'double', 'currency', 'percent']);

/**
 * Rejects a literal of the wrong kind for the field, like Salesforce does before running the query.
 * The error code for this case is not documented in the reference; we use INVALID_QUERY_FILTER_OPERATOR.
 */
export function checkLiteral(field: FieldDef, literal: Literal, source: string): void {
  if (literal.kind === 'null') return;
  const bad = (type: string, quoted: boolean) => {
    const how = quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw new SoqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      source,
      literal.pos,
      `value of filter criterion for field '${field.name}' must be of type ${type} and ${how}`,
    );
  };
  if (TEXT.has(field.type)) {
    if (literal.kind !== 'string') bad('string', true);
  } else if (NUMBER.has(field.type)) {
    if (literal.kind !== 'number') bad(field.type === 'int' ? 'integer' : 'double', false);
  } else if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') bad('boolean', false);
  } else if (field.type === 'date') {
    if (literal.kind !== 'date') bad('date', false);
  } else if (field.type === 'datetime' && literal.kind !== 'datetime') {
    bad('dateTime', false);
  }
}
