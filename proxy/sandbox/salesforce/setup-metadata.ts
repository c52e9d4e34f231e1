/**
 * @module What the org's Setup holds beyond records, as the Metadata API sees it: custom fields created
 * on an object (no profile can see a field created through the API until a permission set grants it) and
 * permission sets, whose field permissions reach the integration user once a PermissionSetAssignment
 * record assigns the set to them.
 */
import { insertDirect } from './direct-writes';
import {
  type FieldDef,
  type FieldPermission,
  type FieldType,
  findField,
  findObject,
  type ObjectDef,
} from './org-definition';
import type { OrgState } from './org-state';
import { systemFields } from './system-fields';

export interface PermissionSetMeta {
  fullName: string;
  label: string;
  fieldPermissions: Array<{ field: string; readable: boolean; editable: boolean }>;
}

/** Metadata kept in the org state (absent in states saved before it existed). */
export interface SetupMetadata {
  permissionSets: Record<string, PermissionSetMeta>;
}

/** A per-component result of createMetadata / upsertMetadata, as Salesforce returns it. */
export interface SaveResult {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors?: Array<{ statusCode: string; message: string; fields?: string }>;
}

const reference = (name: string, label: string, to: string, relationshipName: string): FieldDef => ({
  name,
  label,
  type: 'reference',
  nillable: false,
  referenceTo: [to],
  relationshipName,
});
const readOnly = { read: true, create: false, edit: false, delete: false };

const SETUP_OBJECTS: ObjectDef[] = [
  {
    // One record per org, its Id the org id: `SELECT Name FROM Organization` is how an integration
    // reads the org's name (Object Reference, "Organization"). Read-only through the API.
    name: 'Organization',
    label: 'Organization',
    labelPlural: 'Organizations',
    keyPrefix: '00D',
    permission: readOnly,
    fieldPermissions: {},
    fields: [
      ...systemFields(false),
      { name: 'Name', label: 'Name', type: 'string', length: 80, nillable: false, nameField: true },
      {
        name: 'OrganizationType',
        label: 'Edition',
        type: 'string',
        length: 40,
        nillable: true,
      },
      { name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean', nillable: false },
    ],
  },
  {
    name: 'PermissionSet',
    label: 'Permission Set',
    labelPlural: 'Permission Sets',
    keyPrefix: '0PS',
    permission: readOnly,
    fieldPermissions: {},
    fields: [
      ...systemFields(false),
      { name: 'Name', label: 'Name', type: 'string', length: 80, nillable: false, unique: true },
      { name: 'Label', label: 'Label', type: 'string', length: 80, nillable: false, nameField: true },
    ],
  },
  {
    name: 'PermissionSetAssignment',
    label: 'Permission Set Assignment',
    labelPlural: 'Permission Set Assignments',
    keyPrefix: '0Pa',
    permission: { read: true, create: true, edit: false, delete: true },
    fieldPermissions: {},
    fields: [
      ...systemFields(false),
      reference('AssigneeId', 'Assignee ID', 'User', 'Assignee'),
      reference('PermissionSetId', 'Permission Set ID', 'PermissionSet', 'PermissionSet'),
    ],
  },
];

/** Adds the setup objects to an org that lacks them (every org has them; older saved states do not). */
export function ensureSetupObjects(state: OrgState): void {
  for (const object of SETUP_OBJECTS) {
    if (state.org.objects[object.name]) continue;
    state.org.objects[object.name] = structuredClone(object);
    state.records[object.name] ??= {};
  }
  if (!state.records.Organization?.[state.org.orgId])
    insertDirect(
      state,
      Date.now(),
      'Organization',
      { Name: state.org.orgName, OrganizationType: 'Developer Edition', IsSandbox: true },
      { id: state.org.orgId },
    );
  state.setup ??= { permissionSets: {} };
}

export function setupOf(state: OrgState): SetupMetadata {
  ensureSetupObjects(state);
  return state.setup as SetupMetadata;
}

/** Recomputes what the assigned permission sets grant the integration user, field by field. */
export function applyPermissionSets(state: OrgState): void {
  const setup = setupOf(state);
  const live = (name: string) => Object.values(state.records[name] ?? {}).filter((r) => !r.IsDeleted);
  const setNames = new Map(live('PermissionSet').map((r) => [r.Id, String(r.Name)]));
  const assigned = live('PermissionSetAssignment')
    .filter((a) => a.AssigneeId === state.org.integrationUserId)
    .map((a) => setup.permissionSets[setNames.get(String(a.PermissionSetId)) ?? ''])
    .filter(Boolean);
  for (const object of Object.values(state.org.objects)) object.grantedFieldPermissions = {};
  for (const set of assigned) {
    for (const fp of set.fieldPermissions) {
      const [objectName, fieldName] = fp.field.split('.');
      const object = findObject(state.org, objectName);
      const field = object && findField(object, fieldName);
      if (!object || !field) continue;
      const prior: FieldPermission = object.grantedFieldPermissions?.[field.name] ?? {
        readable: false,
        editable: false,
      };
      (object.grantedFieldPermissions as Record<string, FieldPermission>)[field.name] = {
        readable: prior.readable || fp.readable || fp.editable,
        editable: prior.editable || fp.editable,
      };
    }
  }
}

const TYPES: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Picklist: 'picklist',
  Checkbox: 'boolean',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
};
const METADATA_TYPE = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

const error = (fullName: string, statusCode: string, message: string): SaveResult => ({
  fullName,
  success: false,
  errors: [{ statusCode, message }],
});

type FieldInput = Record<string, unknown>;
const bool = (v: unknown) => v === true || v === 'true';
const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** Checks a CustomField component and turns it into the org's field definition, or a result saying why not. */
function fieldFrom(state: OrgState, input: FieldInput): { object: ObjectDef; field: FieldDef } | SaveResult {
  const fullName = String(input.fullName ?? '');
  const [objectName, fieldName, ...rest] = fullName.split('.');
  if (!objectName || !fieldName || rest.length) {
    return error(
      fullName,
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - invalid name "${fullName}": use Object.Field__c`,
    );
  }
  const object = findObject(state.org, objectName);
  if (!object) {
    return error(
      fullName,
      'INVALID_CROSS_REFERENCE_KEY',
      `In field: fullName - no CustomObject named ${objectName} found`,
    );
  }
  if (!/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/.test(fieldName)) {
    return error(
      fullName,
      'FIELD_INTEGRITY_EXCEPTION',
      `The field name "${fieldName}" is not valid: a custom field's API name starts with a letter, has no double underscores and ends with __c`,
    );
  }
  if (!input.label) return error(fullName, 'REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  const type = TYPES[String(input.type ?? '')];
  if (!type) {
    return error(
      fullName,
      'FIELD_INTEGRITY_EXCEPTION',
      `Invalid type "${String(input.type)}". Options: ${Object.keys(TYPES).join(', ')}`,
    );
  }
  const length = num(input.length);
  if ((type === 'string' || type === 'textarea') && input.type !== 'TextArea' && !length) {
    return error(fullName, 'FIELD_INTEGRITY_EXCEPTION', 'Length: You must enter a value');
  }
  const field: FieldDef = {
    name: `${fieldName[0].toUpperCase()}${fieldName.slice(1)}`,
    label: String(input.label),
    type,
    nillable: !bool(input.required),
    ...(length ? { length } : {}),
    ...(num(input.precision) !== undefined
      ? { precision: num(input.precision), scale: num(input.scale) ?? 0 }
      : {}),
    ...(bool(input.externalId) ? { externalId: true } : {}),
    ...(bool(input.unique) ? { unique: true } : {}),
  };
  if (type === 'picklist') {
    const valueSet = (input.valueSet ?? {}) as Record<string, unknown>;
    const definition = (valueSet.valueSetDefinition ?? {}) as Record<string, unknown>;
    const values = ([] as unknown[])
      .concat(definition.value ?? [])
      .map((v) => String((v as FieldInput).fullName ?? ''));
    if (!values.length || values.some((v) => !v)) {
      return error(
        fullName,
        'FIELD_INTEGRITY_EXCEPTION',
        'Picklist: valueSet.valueSetDefinition needs at least one value with a fullName',
      );
    }
    field.length = 255;
    field.picklist = { values, restricted: bool(valueSet.restricted) };
  }
  if (field.externalId && !['string', 'email', 'double'].includes(type)) {
    return error(
      fullName,
      'FIELD_INTEGRITY_EXCEPTION',
      'External ID: only Text, Number and Email fields can be external ids',
    );
  }
  return { object, field };
}

/** createMetadata / upsertMetadata of one CustomField. A field created through the API is visible to no profile. */
export function saveCustomField(state: OrgState, input: FieldInput, mode: 'create' | 'upsert'): SaveResult {
  const checked = fieldFrom(state, input);
  if ('success' in checked) return checked;
  const { object, field } = checked;
  const fullName = `${object.name}.${field.name}`;
  const existing = findField(object, field.name);
  if (existing && mode === 'create') {
    return error(
      fullName,
      'DUPLICATE_DEVELOPER_NAME',
      `There is already a field named ${field.name.replace(/__c$/, '')} on ${object.name}.`,
    );
  }
  if (existing) {
    if (existing.type !== field.type) {
      return error(
        fullName,
        'FIELD_INTEGRITY_EXCEPTION',
        `Cannot change the type of ${fullName} from ${METADATA_TYPE[existing.type]} to ${String(input.type)} here`,
      );
    }
    if (field.unique && !existing.unique) {
      const seen = new Set<string>();
      for (const r of Object.values(state.records[object.name])) {
        const v = r[existing.name];
        if (v === null || v === undefined || v === '') continue;
        const key = String(v).toLowerCase();
        if (seen.has(key)) {
          return error(
            fullName,
            'DUPLICATE_VALUE',
            `Cannot make ${fullName} unique: the value "${String(v)}" is on several records`,
          );
        }
        seen.add(key);
      }
    }
    Object.assign(existing, { ...field, name: existing.name });
    return { fullName, success: true, created: false };
  }
  object.fields.push(field);
  object.fieldPermissions[field.name] = { readable: false, editable: false };
  for (const record of Object.values(state.records[object.name])) record[field.name] ??= null;
  applyPermissionSets(state);
  return { fullName, success: true, created: true };
}

/** createMetadata / upsertMetadata of one PermissionSet (its PermissionSet record follows). */
export function savePermissionSet(
  state: OrgState,
  input: FieldInput,
  mode: 'create' | 'upsert',
  now: number,
): SaveResult {
  const setup = setupOf(state);
  const fullName = String(input.fullName ?? '');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(fullName) || fullName.includes('__')) {
    return error(
      fullName,
      'FIELD_INTEGRITY_EXCEPTION',
      `The API name "${fullName}" is not valid: letters, digits and single underscores, starting with a letter`,
    );
  }
  if (!input.label) return error(fullName, 'REQUIRED_FIELD_MISSING', 'Required field is missing: label');
  const existing = setup.permissionSets[fullName];
  if (existing && mode === 'create') {
    return error(
      fullName,
      'DUPLICATE_DEVELOPER_NAME',
      `The API name "${fullName}" is already in use by another permission set.`,
    );
  }
  const fieldPermissions = ([] as unknown[]).concat(input.fieldPermissions ?? []).map((raw) => {
    const fp = raw as FieldInput;
    return { field: String(fp.field ?? ''), readable: bool(fp.readable), editable: bool(fp.editable) };
  });
  for (const fp of fieldPermissions) {
    const [objectName, fieldName] = fp.field.split('.');
    const object = findObject(state.org, objectName ?? '');
    if (!object || !findField(object, fieldName ?? '')) {
      return error(
        fullName,
        'INVALID_CROSS_REFERENCE_KEY',
        `In field: field - no CustomField named ${fp.field} found`,
      );
    }
    if (fp.editable && !fp.readable) {
      return error(
        fullName,
        'FIELD_INTEGRITY_EXCEPTION',
        `Permission Edit on ${fp.field} depends on permission Read`,
      );
    }
  }
  setup.permissionSets[fullName] = { fullName, label: String(input.label), fieldPermissions };
  if (!existing) insertDirect(state, now, 'PermissionSet', { Name: fullName, Label: String(input.label) });
  applyPermissionSets(state);
  return { fullName, success: true, created: !existing };
}

/** readMetadata of one component; null when it does not exist. */
export function readComponent(
  state: OrgState,
  type: string,
  fullName: string,
): Record<string, unknown> | null {
  if (type === 'PermissionSet') {
    const set = setupOf(state).permissionSets[fullName];
    return set ? { $type: 'PermissionSet', ...set } : null;
  }
  const [objectName, fieldName] = fullName.split('.');
  const object = findObject(state.org, objectName ?? '');
  const field = object && findField(object, fieldName ?? '');
  if (!object || !field?.name.endsWith('__c')) return null;
  return {
    $type: 'CustomField',
    fullName: `${object.name}.${field.name}`,
    externalId: Boolean(field.externalId),
    label: field.label,
    ...(field.length && field.type !== 'picklist' ? { length: field.length } : {}),
    required: !field.nillable,
    type: METADATA_TYPE[field.type],
    unique: Boolean(field.unique),
    ...(field.picklist
      ? {
          valueSet: {
            restricted: field.picklist.restricted,
            valueSetDefinition: {
              sorted: false,
              value: field.picklist.values.map((v) => ({ fullName: v, default: false, label: v })),
            },
          },
        }
      : {}),
  };
}
