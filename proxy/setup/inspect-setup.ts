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
        problem: 'Salesforce answered API_DISABLED_FOR_ORG: the org or the user may not use the API',
        fix: 'Give the integration user the "API Enabled" permission (Setup → Permission Sets → a set assigned to the user → System Permissions → API Enabled); the org must be Enterprise, Unlimited, Developer or Performance edition',
        fixedBy: [],
      });
    } else {
      items.push({
        id: 'daily-limit',
        kind: 'daily-limit',
        ok: false,
        title: "The org's daily API limit is known",
        problem: `GET /limits failed: ${(err as Error).message}`,
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
        problem: `describe ${m.sfObject} failed: ${(err as Error).message}`,
        fix: `Give the integration user Read, Create and Edit on ${m.sfObject} (Setup → Permission Sets → Object Settings)`,
        fixedBy: [],
      });
    }
  }
  const crmProps = new Map<string, CrmPropertyDefinition[]>();
  for (const m of mappings) crmProps.set(m.crmType, await deps.crm.properties(m.crmType));

  const fieldOf = (object: string, name: string): DescribeField | undefined =>
    describes.get(object)?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
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
  const grantFix = `"Create missing fields" grants Read and Edit on it to the integration user through the permission set ${PERMISSION_SET}`;

  const handled = new Set<string>();
  for (const m of mappings) {
    if (!describes.has(m.sfObject)) continue;
    const fullName = `${m.sfObject}.${m.externalId}`;
    handled.add(fullName);
    const field = fieldOf(m.sfObject, m.externalId);
    const title = `${fullName} exists, is an External ID and unique, and the integration user can read and edit it`;
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
        problem: `${fullName} does not exist: without it every upsert of ${m.crmType} fails, and the sync cannot tell a new record from one it already wrote`,
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
        problem: `${fullName} exists but the integration user cannot see it (field-level security)`,
        fix: `${grantFix}; ${byHand(m.sfObject, m.externalId, "Set Field-Level Security → Visible for the user's profile")}`,
        fixedBy: [PS_ACTION],
      });
      continue;
    }
    const problems: string[] = [];
    const fixedBy: string[] = [];
    if (!field.externalId || !field.unique) {
      problems.push(
        `${fullName} is ${field.externalId ? '' : 'not an External ID'}${!field.externalId && !field.unique ? ' and ' : ''}${field.unique ? '' : 'not unique'}`,
      );
      plan.fieldsToUpdate.set(fullName, {
        ...externalIdSpec(fullName),
        label: field.label ?? 'HubSpot Id',
        length: field.length ?? 32,
      });
      fixedBy.push(`update-field:${fullName}`);
    }
    if (field.createable === false || field.updateable === false) {
      problems.push(`the integration user cannot edit ${fullName}`);
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
            fix: `"Create missing fields" fixes it (External ID + Unique through the Metadata API, Edit through ${PERMISSION_SET}); ${byHand(m.sfObject, m.externalId, 'Edit: check "Unique" and "External ID"')}`,
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
      const title = `The HubSpot ${m.crmType} property ${f.crm} and the Salesforce field ${fullName} exist, with compatible types`;
      handled.add(fullName);
      if (existing.has(fullName)) {
        grant.add(fullName);
        items.push({
          id,
          kind: 'mapped-field',
          ok: false,
          title,
          problem: `${fullName} exists but the integration user cannot see it (field-level security)`,
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
          problem: `${fullName} does not exist${prop ? '' : `, and neither does the CRM property ${f.crm}`}`,
          fix: `Create ${fullName} in Salesforce (Setup → Object Manager → ${m.sfObject} → Fields & Relationships → New), or remove the mapping from ${f.crm} (Settings → Mappings)`,
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
        problem: `${fullName} does not exist: ${f.crm} cannot be written to Salesforce`,
        fix: `"Create missing fields" creates it as ${spec.type}${spec.valueSet ? ` with the values ${spec.valueSet.valueSetDefinition.value.map((v) => v.fullName).join(', ')}` : ''} and grants the integration user Read and Edit; ${byHand(m.sfObject, 'New', spec.type)}`,
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
      const title = `The HubSpot ${m.crmType} property ${f.crm} and the Salesforce field ${fullName} exist, with compatible types`;
      items.push(
        found.length
          ? {
              id: `mapped-field:${fullName}`,
              kind: 'mapped-field',
              ok: false,
              title,
              problem: found.map((p) => p.message.split(': ')[0]).join('; '),
              fix: found.map((p) => p.message.split(': ').slice(1).join(': ') || p.message).join('; '),
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
    const title = `The HubSpot ${type} property ${SALESFORCE_ID_PROPERTY} exists with unique values`;
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
        problem: `HubSpot ${type} have no ${SALESFORCE_ID_PROPERTY} property: the sync cannot record which Salesforce record each one is linked to`,
        fix: `"Create missing fields" creates it (single-line text, unique values); or by hand: HubSpot → Settings → Properties → ${type} → Create property "Salesforce ID" (internal name ${SALESFORCE_ID_PROPERTY}), with "Require unique values" on`,
        fixedBy: [action],
      });
    } else if (!prop.hasUniqueValue) {
      items.push({
        id,
        kind: 'salesforce-id-property',
        ok: false,
        title,
        problem: `The HubSpot ${type} property ${SALESFORCE_ID_PROPERTY} does not require unique values`,
        fix: `HubSpot cannot make an existing property unique: archive ${SALESFORCE_ID_PROPERTY} on ${type} (Settings → Properties), then run "Create missing fields" to create it again with unique values`,
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
      description: `Create ${fullName}: ${spec.type}${spec.length ? `(${spec.length})` : ''}${spec.externalId ? ', External ID' : ''}${spec.unique ? ', Unique' : ''}`,
    });
  }
  for (const fullName of plan.fieldsToUpdate.keys()) {
    planned.push({
      id: `update-field:${fullName}`,
      kind: 'update-field',
      system: 'salesforce',
      target: fullName,
      description: `Make ${fullName} an External ID and Unique`,
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
      description: `${current ? 'Update' : 'Create'} the permission set ${PERMISSION_SET_LABEL} with Read and Edit on ${[...grant].join(', ')}`,
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
      description: `Assign ${PERMISSION_SET_LABEL} to the integration user (${userId})`,
    });
    for (const item of items) if (item.fixedBy.includes(PS_ACTION)) item.fixedBy.push(ASSIGN_ACTION);
  }
  for (const [id, { objectType, spec }] of plan.propertiesToCreate) {
    planned.push({
      id,
      kind: 'create-property',
      system: 'hubspot',
      target: `${objectType}.${spec.name}`,
      description: `Create the HubSpot ${objectType} property ${spec.name} (single-line text, unique values)`,
    });
  }
  return finish();
}
