/** @module The shape of an org definition: objects, fields, the integration user's permissions and the org's rules, all as data. */

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  /** False means required (unless defaulted on create or boolean). */
  nillable: boolean;
  defaultValue?: string | number | boolean | null;
  /** Set by the platform (Id, CreatedDate, …) or computed (Contact.Name): never writable. */
  system?: boolean;
  unique?: boolean;
  externalId?: boolean;
  picklist?: { values: string[]; restricted: boolean };
  referenceTo?: string[];
  relationshipName?: string;
  /** The record's display name (Name or the compound Name of people). */
  nameField?: boolean;
}

/** What the integration user's profile grants on one field. */
export interface FieldPermission {
  readable: boolean;
  editable: boolean;
}

export interface ObjectPermission {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
  permission: ObjectPermission;
  /** Only fields listed here deviate from "readable and editable". */
  fieldPermissions: Record<string, FieldPermission>;
  /** What permission sets assigned to the integration user add (setup-metadata.ts keeps it). */
  grantedFieldPermissions?: Record<string, FieldPermission>;
}

/** Declarative record conditions: how validation rules, flows, triggers and locks decide they fire. */
export type Condition =
  | { notBlank: string }
  | { startsWith: string; value: string; ignoreCase?: boolean }
  | { contains: string; value: string; ignoreCase?: boolean }
  | { equals: string; value: string | number | boolean | null }
  | { lessThan: string; value: number }
  | { greaterThan: string; value: number }
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition };

export type RuleKind = 'validation' | 'duplicate' | 'flow' | 'trigger' | 'approvalLock';

interface RuleBase {
  kind: RuleKind;
  name: string;
  object: string;
  active: boolean;
}

export interface ValidationRule extends RuleBase {
  kind: 'validation';
  when: Condition;
  message: string;
  /** The field the admin placed the error on; absent means the top of the page (fields: []). */
  errorField?: string;
}

export interface DuplicateRule extends RuleBase {
  kind: 'duplicate';
  matchRule: string;
  /** Fields compared case-insensitively; all must be non-blank and equal. */
  matchFields: string[];
  action: 'block' | 'alert';
  message: string;
}

export interface FlowRule extends RuleBase {
  kind: 'flow';
  label: string;
  when: Condition;
  detail: string;
}

export interface TriggerRule extends RuleBase {
  kind: 'trigger';
  events: Array<'insert' | 'update'>;
  when: Condition;
  firstError: { code: string; message: string };
  line: number;
}

/** An approval process locks matching records: updates and deletes then fail with ENTITY_IS_LOCKED. */
export interface ApprovalLockRule extends RuleBase {
  kind: 'approvalLock';
  when: Condition;
}

export type OrgRule = ValidationRule | DuplicateRule | FlowRule | TriggerRule | ApprovalLockRule;

export interface OrgDefinition {
  orgId: string;
  orgName: string;
  integrationUserId: string;
  objects: Record<string, ObjectDef>;
  rules: OrgRule[];
}

/** A text field (`string`, nillable unless `extra` says otherwise) of `length` characters. */
export const text = (name: string, label: string, length: number, extra: Partial<FieldDef> = {}): FieldDef =>
  typed(name, label, 'string', { length, ...extra });

/** A field of any type, nillable unless `extra` says otherwise. */
export const typed = (
  name: string,
  label: string,
  type: FieldType,
  extra: Partial<FieldDef> = {},
): FieldDef => ({ name, label, type, nillable: true, ...extra });

/** Looks an object up case-insensitively, as Salesforce does in paths and SOQL. */
export function findObject(org: OrgDefinition, name: string): ObjectDef | undefined {
  const lower = name.toLowerCase();
  return Object.values(org.objects).find((o) => o.name.toLowerCase() === lower);
}

export function findField(object: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

/** The profile's permission on the field, widened by the permission sets assigned to the user. */
export function fieldPermission(object: ObjectDef, field: FieldDef): FieldPermission {
  const profile = object.fieldPermissions[field.name] ?? { readable: true, editable: true };
  const granted = object.grantedFieldPermissions?.[field.name];
  if (!granted) return profile;
  return { readable: profile.readable || granted.readable, editable: profile.editable || granted.editable };
}
