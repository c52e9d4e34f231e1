/** @module Describe results as the integration user sees them: FLS-hidden fields are absent, read-only ones not createable/updateable. */
import { type FieldDef, fieldPermission, type ObjectDef, type OrgDefinition } from './org-definition';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

function objectUrls(basePath: string, version: string, name: string) {
  const sobject = `${basePath}/services/data/${version}/sobjects/${name}`;
  return { sobject, describe: `${sobject}/describe`, rowTemplate: `${sobject}/{ID}` };
}

/** The short form used by the global describe and by GET /sobjects/{T}. */
export function describeObjectSummary(object: ObjectDef, basePath: string, version: string) {
  const p = object.permission;
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: object.name.endsWith('__c'),
    createable: p.create,
    updateable: p.edit,
    deletable: p.delete,
    queryable: p.read,
    retrieveable: p.read,
    searchable: p.read,
    undeletable: p.delete,
    urls: objectUrls(basePath, version, object.name),
  };
}

export function describeField(object: ObjectDef, field: FieldDef) {
  const perm = fieldPermission(object, field);
  const writable = !field.system && perm.editable;
  const isNumber = ['int', 'double', 'currency', 'percent'].includes(field.type);
  const isText = !isNumber && !['boolean', 'date', 'datetime'].includes(field.type);
  const length = isText ? (field.length ?? 18) : 0;
  const defaulted = field.defaultValue !== undefined || field.type === 'boolean' || field.system === true;
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    length,
    byteLength: length * 3,
    digits: field.type === 'int' ? (field.precision ?? 9) : 0,
    precision: isNumber && field.type !== 'int' ? (field.precision ?? 18) : 0,
    scale: isNumber && field.type !== 'int' ? (field.scale ?? 0) : 0,
    nillable: field.nillable && field.type !== 'boolean',
    defaultedOnCreate: defaulted,
    defaultValue: field.type === 'boolean' ? (field.defaultValue ?? false) : null,
    defaultValueFormula: null,
    createable: writable,
    updateable: writable,
    unique: field.unique === true,
    externalId: field.externalId === true,
    idLookup: field.type === 'id' || field.unique === true || field.externalId === true,
    caseSensitive: false,
    calculated: field.system === true && field.name === 'Name',
    autoNumber: false,
    custom: field.name.endsWith('__c'),
    nameField: field.nameField === true,
    filterable: field.type !== 'textarea',
    sortable: field.type !== 'textarea',
    groupable: !['textarea', 'double', 'currency', 'percent', 'datetime'].includes(field.type),
    htmlFormatted: false,
    permissionable: !field.system && field.nillable,
    restrictedPicklist: field.picklist?.restricted === true,
    picklistValues: (field.picklist?.values ?? []).map((value) => ({
      active: true,
      defaultValue: field.defaultValue === value,
      label: value,
      validFor: null,
      value,
    })),
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    inlineHelpText: null,
  };
}

export function describeObject(org: OrgDefinition, object: ObjectDef, basePath: string, version: string) {
  const visible = object.fields.filter((f) => fieldPermission(object, f).readable);
  const children = Object.values(org.objects).flatMap((child) =>
    child.fields
      .filter((f) => f.referenceTo?.includes(object.name) && !f.system && f.name !== 'OwnerId')
      .map((f) => ({
        cascadeDelete: false,
        childSObject: child.name,
        field: f.name,
        relationshipName: child.labelPlural.replace(/\s/g, ''),
        restrictedDelete: false,
      })),
  );
  return {
    ...describeObjectSummary(object, basePath, version),
    fields: visible.map((f) => describeField(object, f)),
    childRelationships: children,
    recordTypeInfos: [
      {
        available: true,
        defaultRecordTypeMapping: true,
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
      },
    ],
  };
}
