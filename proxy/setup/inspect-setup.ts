/**
 * @module The setup check: for every mapped object and field, is the org and portal ready for the sync?
 * Reads describe (as the integration user), the Metadata API (does a field exist at all, hidden or not),
 * the limits and the CRM's property definitions; writes nothing. Answers the checklist and the actions
 * "Create missing fields" would take.
 */
import type { SetupAction, SetupItem, SetupResponse } from '../../shared/api/setup';
import type { CrmPropertySpec } from '../crm/hubspot/create-property';
import type { CrmObjectType, CrmPropertyDefinition } from '../crm/types';
import type { DescribeField, DescribeResult } from '../salesforce/adapter';
import { SalesforceApiError } from '../salesforce/normalize-error';
import type { CustomFieldSpec, PermissionSetSpec } from '../salesforce/setup-client';
import { SALESFORCE_ID_PROPERTY } from '../sync/default-mapping';
import { validateMappings } from '../sync/validate-mappings';
import type { SetupDeps } from './setup-deps';
import { externalIdSpec, fieldSpecFor, salesforceIdPropertySpec } from './setup-specs';

export const PERMISSION_SET = 'Sync_Health_Integration';
export const PERMISSION_SET_LABEL = 'Sync Health Integration';

/** What applying needs beyond the public plan: the exact components to send. */
export interface SetupPlan {
  response: SetupResponse;
  fieldsToCreate: Map<string, CustomFieldSpec>;
  fieldsToUpdate: Map<string, CustomFieldSpec>;
  permissionSet: PermissionSetSpec | null;
  assignTo: string | null;
  propertiesToCreate: Map<string, { objectType: CrmObjectType; spec: CrmPropertySpec }>;
}

const byHand = (object: string, field: string, what: string) =>
  `or by hand: Setup → Object Manager → ${object} → Fields & Relationships → ${field} → ${what}`;

/** "contacts" → "contact": HubSpot's object names as an admin says them. */
const CRM_SINGULAR: Record<string, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };

/** An API name an admin has not typed: "Customer_Tier__c" → "Customer Tier", for a field that has no label yet. */
const humanise = (apiName: string) => apiName.replace(/__c$/, '').replace(/_/g, ' ');

/** Salesforce field types as Setup's "New Custom Field" page names them. */
const FIELD_TYPE_WORDS: Record<string, string> = {
  Text: 'Text',
  Picklist: 'Picklist',
  Number: 'Number',
  Checkbox: 'Checkbox',
  Date: 'Date',
  DateTime: 'Date/Time',
};

export async function inspectSetup(deps: SetupDeps): Promise<SetupPlan> {
  const items: SetupItem[] = [];
  const planned: SetupAction[] = [];
  const plan: SetupPlan = {
    response: { ready: false, checkedAt: new Date(deps.now?.() ?? Date.now()).toISOString(), items, planned },
    fieldsToCreate: new Map(),
    fieldsToUpdate: new Map(),
    permissionSet: null,
    assignTo: null,
    propertiesToCreate: new Map(),
  };
  const finish = () => {
    plan.response.ready = items.every((i) => i.ok);
    return plan;
  };

  // API access and the daily limit: nothing else can be read without them.
  try {
    const { used, limit } = await deps.salesforce.limits();
    items.push({
      id: 'api-access',
      kind: 'api-access',
      ok: true,
      title: 'The Salesforce API is enabled for the integration user',
      fixedBy: [],
    });
    items.push({
      id: 'daily-limit',
      kind: 'daily-limit',
      ok: limit > 0,
      title: `The org's daily API limit is known: ${limit.toLocaleString('en-US')} calls (${used.toLocaleString('en-US')} used in the last 24 h)`,
      ...(limit > 0
        ? {}
        : {
            problem: 'The org reports a daily API limit of 0',
            fix: 'Ask Salesforce support: the org has no API allocation',
          }),
      fixedBy: [],
    });
  } catch (err) {
    const code = err instanceof SalesforceApiError ? err.code : '';
    if (code === 'API_DISABLED_FOR_ORG') {
      items.push({
        id: 'api-access',
        kind: 'api-access',
        ok: false,
        title: 'The Salesforce API is enabled for the integration user',
        problem: 'Salesforce says the API is disabled: the org or the user may not use it',
        fix: 'Give the integration user the "API Enabled" permission (Setup → Permission Sets → a set assigned to the user → System Permissions → API Enabled); the org must be Enterprise, Unlimited, Developer or Performance edition',
        fixedBy: [],
      });
    } else {
      items.push({
        id: 'daily-limit',
        kind: 'daily-limit',
        ok: false,
        title: "The org's daily API limit is known",
        problem: `Salesforce did not give the org's API limits: ${(err as Error).message}`,
        fix: 'Check the connection (sync-health connect salesforce) and that the user has "API Enabled", then run the check again',
        fixedBy: [],
      });
    }
    return finish();
  }

  const mappings = deps.mappings();
  const describes = new Map<string, DescribeResult>();
  for (const m of mappings) {
    try {
      describes.set(m.sfObject, await deps.salesforce.describe(m.sfObject));
    } catch (err) {
      items.push({
        id: `object:${m.sfObject}`,
        kind: 'mapped-field',
        ok: false,
        title: `The integration user can read ${m.sfObject}`,
        problem: `Salesforce refused to describe ${m.sfObject} to the integration user: ${(err as Error).message}`,
        fix: `Give the integration user Read, Create and Edit on ${m.sfObject} (Setup → Permission Sets → Object Settings)`,
        fixedBy: [],
      });
    }
  }
  const crmProps = new Map<string, CrmPropertyDefinition[]>();
  for (const m of mappings) crmProps.set(m.crmType, await deps.crm.properties(m.crmType));

  const fieldOf = (object: string, name: string): DescribeField | undefined =>
    describes.get(object)?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  // What the admin reads: labels from the describe and the property definitions, with the API name only
  // where it is needed to find the field (Setup shows both; HubSpot shows the internal name on the property).
  const fieldLabel = (object: string, name: string, fallback?: string) =>
    fieldOf(object, name)?.label || fallback || humanise(name);
  const sfField = (object: string, name: string, fallback?: string) =>
    `the ${object} field "${fieldLabel(object, name, fallback)}"`;
  const apiName = (name: string) => ` (API name ${name})`;
  const crmProp = (crmType: string, name: string) => {
    const label = crmProps.get(crmType)?.find((p) => p.name === name)?.label || humanise(name);
    return `the HubSpot ${CRM_SINGULAR[crmType] ?? crmType} property "${label}"`;
  };
  const pairTitle = (crmType: string, property: string, object: string, field: string, fallback?: string) =>
    `${capitalise(crmProp(crmType, property))} and ${sfField(object, field, fallback)} exist, with compatible types`;
  const customNeeded = new Set<string>();
  for (const m of mappings) {
    if (!describes.has(m.sfObject)) continue;
    customNeeded.add(`${m.sfObject}.${m.externalId}`);
    for (const f of m.fields) if (f.sf.endsWith('__c')) customNeeded.add(`${m.sfObject}.${f.sf}`);
  }
  const existing = customNeeded.size
    ? await deps.sfSetup.existingCustomFields([...customNeeded])
    : new Set<string>();
  const grant = new Set<string>();
  const PS_ACTION = `permission-set:${PERMISSION_SET}`;
  const ASSIGN_ACTION = `assign-permission-set:${PERMISSION_SET}`;
  const grantFix = `"Create missing fields" grants Read and Edit on it to the integration user through the permission set "${PERMISSION_SET_LABEL}"`;

  /** "Contact.Customer_Tier__c" → 'Contact "Customer Tier"' (the label of the field being created, if new). */
  const grantedWords = (fullName: string) => {
    const [object = '', name = ''] = fullName.split('.');
    return `${object} "${fieldLabel(object, name, plan.fieldsToCreate.get(fullName)?.label ?? plan.fieldsToUpdate.get(fullName)?.label)}"`;
  };

  const handled = new Set<string>();
  for (const m of mappings) {
    if (!describes.has(m.sfObject)) continue;
    const fullName = `${m.sfObject}.${m.externalId}`;
    handled.add(fullName);
    const field = fieldOf(m.sfObject, m.externalId);
    const label = fieldLabel(m.sfObject, m.externalId, 'HubSpot Id');
    const title = `${m.sfObject} has the field "${label}"${apiName(m.externalId)}, an External ID and unique, that the integration user can read and edit`;
    const id = `external-id:${fullName}`;
    if (!field && !existing.has(fullName)) {
      const action = `create-field:${fullName}`;
      plan.fieldsToCreate.set(fullName, externalIdSpec(fullName));
      grant.add(fullName);
      items.push({
        id,
        kind: 'external-id',
        ok: false,
        title,
        problem: `${m.sfObject} has no "${label}" field: without it every HubSpot ${CRM_SINGULAR[m.crmType] ?? m.crmType} sent to Salesforce fails, and the sync cannot tell a new record from one it already wrote`,
        fix: `"Create missing fields" creates it as Text(32), External ID, Unique, and ${grantFix.slice('"Create missing fields" '.length)}; ${byHand(m.sfObject, 'New', 'Text, length 32, check "Unique" and "External ID"')}`,
        fixedBy: [action, PS_ACTION],
      });
      continue;
    }
    if (!field) {
      grant.add(fullName);
      items.push({
        id,
        kind: 'external-id',
        ok: false,
        title,
        problem: `${capitalise(sfField(m.sfObject, m.externalId, 'HubSpot Id'))} exists but the integration user cannot see it (field-level security)`,
        fix: `${grantFix}; ${byHand(m.sfObject, `"${label}"`, "Set Field-Level Security → Visible for the user's profile")}`,
        fixedBy: [PS_ACTION],
      });
      continue;
    }
    const problems: string[] = [];
    const fixedBy: string[] = [];
    if (!field.externalId || !field.unique) {
      problems.push(
        `"${label}" is ${field.externalId ? '' : 'not an External ID'}${!field.externalId && !field.unique ? ' and ' : ''}${field.unique ? '' : 'not unique'}`,
      );
      plan.fieldsToUpdate.set(fullName, {
        ...externalIdSpec(fullName),
        label: field.label ?? 'HubSpot Id',
        length: field.length ?? 32,
      });
      fixedBy.push(`update-field:${fullName}`);
    }
    if (field.createable === false || field.updateable === false) {
      problems.push(`the integration user cannot edit "${label}"`);
      grant.add(fullName);
      fixedBy.push(PS_ACTION);
    }
    items.push(
      problems.length
        ? {
            id,
            kind: 'external-id',
            ok: false,
            title,
            problem: problems.join('; '),
            fix: `"Create missing fields" fixes it (makes it an External ID and unique, and grants Edit through the permission set "${PERMISSION_SET_LABEL}"); ${byHand(m.sfObject, `"${label}"`, 'Edit: check "Unique" and "External ID"')}`,
            fixedBy,
          }
        : { id, kind: 'external-id', ok: true, title, fixedBy: [] },
    );
  }

  // Mapped custom fields the sync needs that the org lacks (Customer_Tier__c): created after the CRM property.
  for (const m of mappings) {
    if (!describes.has(m.sfObject)) continue;
    for (const f of m.fields) {
      const fullName = `${m.sfObject}.${f.sf}`;
      if (!f.sf.endsWith('__c') || handled.has(fullName) || fieldOf(m.sfObject, f.sf)) continue;
      const prop = crmProps.get(m.crmType)?.find((p) => p.name === f.crm);
      const id = `mapped-field:${fullName}`;
      const title = pairTitle(m.crmType, f.crm, m.sfObject, f.sf, prop?.label);
      const field = sfField(m.sfObject, f.sf, prop?.label);
      handled.add(fullName);
      if (existing.has(fullName)) {
        grant.add(fullName);
        items.push({
          id,
          kind: 'mapped-field',
          ok: false,
          title,
          problem: `${capitalise(field)}${apiName(f.sf)} exists but the integration user cannot see it (field-level security)`,
          fix: grantFix,
          fixedBy: [PS_ACTION],
        });
        continue;
      }
      const spec = prop && fieldSpecFor(fullName, prop);
      if (!spec) {
        items.push({
          id,
          kind: 'mapped-field',
          ok: false,
          title,
          problem: `${capitalise(field)} does not exist${prop ? '' : `, and neither does ${crmProp(m.crmType, f.crm)} (internal name ${f.crm})`}`,
          fix: `Create it in Salesforce (Setup → Object Manager → ${m.sfObject} → Fields & Relationships → New, field name ${humanise(f.sf).replace(/ /g, '_')}), or remove the mapping from ${crmProp(m.crmType, f.crm)} (Settings → Field mappings)`,
          fixedBy: [],
        });
        continue;
      }
      plan.fieldsToCreate.set(fullName, spec);
      grant.add(fullName);
      items.push({
        id,
        kind: 'mapped-field',
        ok: false,
        title,
        problem: `${capitalise(field)}${apiName(f.sf)} does not exist: ${crmProp(m.crmType, f.crm)} cannot be written to Salesforce`,
        fix: `"Create missing fields" creates it as ${FIELD_TYPE_WORDS[spec.type] ?? spec.type}${spec.valueSet ? ` with the values ${spec.valueSet.valueSetDefinition.value.map((v) => v.label ?? v.fullName).join(', ')}` : ''} and grants the integration user Read and Edit; ${byHand(m.sfObject, 'New', FIELD_TYPE_WORDS[spec.type] ?? spec.type)}`,
        fixedBy: [`create-field:${fullName}`, PS_ACTION],
      });
    }
  }

  // Every other mapped field: the mapping validation's own verdicts, with its words.
  const problems = validateMappings(mappings, describes, crmProps).filter(
    (p) => !handled.has(`${p.sfObject}.${p.field}`) && describes.has(p.sfObject),
  );
  for (const m of mappings) {
    if (!describes.has(m.sfObject)) continue;
    for (const f of m.fields) {
      const fullName = `${m.sfObject}.${f.sf}`;
      if (handled.has(fullName)) continue;
      const found = problems.filter(
        (p) => p.sfObject === m.sfObject && p.field === f.sf && p.property === f.crm,
      );
      const title = pairTitle(m.crmType, f.crm, m.sfObject, f.sf);
      items.push(
        found.length
          ? {
              id: `mapped-field:${fullName}`,
              kind: 'mapped-field',
              ok: false,
              title,
              problem: found
                .map((p) =>
                  mappingProblemWords(p.problem, crmProp(m.crmType, f.crm), sfField(m.sfObject, f.sf)),
                )
                .join('; '),
              fix: found.map((p) => mappingFixWords(p.problem, f.sf)).join('; '),
              fixedBy: [],
            }
          : { id: `mapped-field:${fullName}`, kind: 'mapped-field', ok: true, title, fixedBy: [] },
      );
    }
  }

  // The CRM property that keeps the Salesforce id, unique so batch upserts can key on it.
  for (const m of mappings) {
    const type = m.crmType as CrmObjectType;
    const prop = crmProps.get(m.crmType)?.find((p) => p.name === SALESFORCE_ID_PROPERTY);
    const id = `salesforce-id-property:${type}`;
    const noun = CRM_SINGULAR[type] ?? type;
    const title = `HubSpot ${noun} records have the property "Salesforce ID" (internal name ${SALESFORCE_ID_PROPERTY}), with unique values`;
    if (!prop) {
      const action = `create-property:${type}.${SALESFORCE_ID_PROPERTY}`;
      plan.propertiesToCreate.set(action, {
        objectType: type,
        spec: salesforceIdPropertySpec(type),
      });
      items.push({
        id,
        kind: 'salesforce-id-property',
        ok: false,
        title,
        problem: `HubSpot ${noun} records have no "Salesforce ID" property: the sync cannot record which Salesforce record each one is linked to`,
        fix: `"Create missing fields" creates it (single-line text, unique values); or by hand: HubSpot → Settings → Properties → ${capitalise(noun)} properties → Create property "Salesforce ID" (internal name ${SALESFORCE_ID_PROPERTY}), with "Require unique values" on`,
        fixedBy: [action],
      });
    } else if (!prop.hasUniqueValue) {
      items.push({
        id,
        kind: 'salesforce-id-property',
        ok: false,
        title,
        problem: `The HubSpot ${noun} property "Salesforce ID" does not require unique values`,
        fix: `HubSpot cannot make an existing property unique: archive "Salesforce ID" (internal name ${SALESFORCE_ID_PROPERTY}) in Settings → Properties → ${capitalise(noun)} properties, then run "Create missing fields" to create it again with unique values`,
        fixedBy: [],
      });
    } else {
      items.push({ id, kind: 'salesforce-id-property', ok: true, title, fixedBy: [] });
    }
  }

  // Actions, in the order they must run: fields, then the permission set naming them, then its assignment.
  for (const [fullName, spec] of plan.fieldsToCreate) {
    planned.push({
      id: `create-field:${fullName}`,
      kind: 'create-field',
      system: 'salesforce',
      target: fullName,
      description: `Create the ${fullName.split('.')[0]} field "${spec.label}"${apiName(fullName.split('.')[1] ?? fullName)}: ${FIELD_TYPE_WORDS[spec.type] ?? spec.type}${spec.length ? ` (${spec.length} characters)` : ''}${spec.externalId ? ', External ID' : ''}${spec.unique ? ', unique' : ''}`,
    });
  }
  for (const fullName of plan.fieldsToUpdate.keys()) {
    planned.push({
      id: `update-field:${fullName}`,
      kind: 'update-field',
      system: 'salesforce',
      target: fullName,
      description: `Make ${sfField(fullName.split('.')[0] ?? fullName, fullName.split('.')[1] ?? fullName)} an External ID and unique`,
    });
  }
  if (grant.size) {
    const current = await deps.sfSetup.readPermissionSet(PERMISSION_SET);
    const merged = new Map((current?.fieldPermissions ?? []).map((fp) => [fp.field, fp]));
    for (const field of grant) merged.set(field, { field, readable: true, editable: true });
    plan.permissionSet = {
      fullName: PERMISSION_SET,
      label: PERMISSION_SET_LABEL,
      description:
        'Read and Edit on the fields Sync Health needs. Created by Sync Health; delete it to take the access back.',
      fieldPermissions: [...merged.values()],
    };
    planned.push({
      id: PS_ACTION,
      kind: 'permission-set',
      system: 'salesforce',
      target: PERMISSION_SET,
      description: `${current ? 'Update' : 'Create'} the permission set "${PERMISSION_SET_LABEL}" with Read and Edit on ${[...grant].map(grantedWords).join(', ')}`,
    });
  }
  const userId = await deps.sfSetup.integrationUserId();
  if (grant.size && !(await deps.sfSetup.isAssigned(PERMISSION_SET, userId))) {
    plan.assignTo = userId;
    planned.push({
      id: ASSIGN_ACTION,
      kind: 'assign-permission-set',
      system: 'salesforce',
      target: PERMISSION_SET,
      description: `Assign "${PERMISSION_SET_LABEL}" to the integration user (the user the sync signs in as)`,
    });
    for (const item of items) if (item.fixedBy.includes(PS_ACTION)) item.fixedBy.push(ASSIGN_ACTION);
  }
  for (const [id, { objectType, spec }] of plan.propertiesToCreate) {
    planned.push({
      id,
      kind: 'create-property',
      system: 'hubspot',
      target: `${objectType}.${spec.name}`,
      description: `Create the HubSpot ${CRM_SINGULAR[objectType] ?? objectType} property "${spec.label}" (internal name ${spec.name}; single-line text, unique values)`,
    });
  }
  return finish();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The mapping check's verdict in the setup checklist's words (its own messages name API names). */
function mappingProblemWords(problem: string, property: string, field: string): string {
  switch (problem) {
    case 'field-missing':
      return `${capitalise(field)} does not exist or the integration user cannot see it`;
    case 'property-missing':
      return `${capitalise(property)} does not exist`;
    case 'type-mismatch':
      return `${capitalise(property)} holds a kind of value ${field} cannot take`;
    case 'not-writable':
      return `The integration user cannot edit ${field}`;
    default:
      return `${capitalise(property)} cannot be synced with ${field}`;
  }
}

function mappingFixWords(problem: string, sfApiName: string): string {
  switch (problem) {
    case 'field-missing':
      return `Create the field or give the integration user access to it (API name ${sfApiName}), or remove the mapping in Settings → Field mappings`;
    case 'property-missing':
      return 'Create the property in HubSpot, or remove the mapping in Settings → Field mappings';
    case 'type-mismatch':
      return 'Map the property to a field of a matching type in Settings → Field mappings';
    case 'not-writable':
      return `Grant Edit on the field (API name ${sfApiName}), or set the mapping's direction to "Always use Salesforce" in Settings → Field mappings`;
    default:
      return 'Change the mapping in Settings → Field mappings';
  }
}
