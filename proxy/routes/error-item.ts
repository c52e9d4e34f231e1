/** @module An error row as the API shows it: record links on both sides and the resolution steps. */

import type { ErrorItem, LinkBases } from '../../shared/api/errors';
import { HUBSPOT_OBJECT_TYPES } from '../../shared/crm-types';
import { PREFLIGHT_CODES } from '../../shared/preflight-error';
import { type ErrorDetails, resolutionSteps, SUB_TYPES, type SubType } from '../../shared/taxonomy';
import {
  automationSetupUrl,
  type HubspotObjectType,
  hubspotRecordUrl,
  salesforceRecordUrl,
} from '../../shared/view-links';
import type { ErrorRow } from '../store/index';
import { BLOCKED_CODE } from '../sync/association-errors';
import { COMPANY_PROPERTY, LEAD } from '../sync/lead-routing';

const CRM_TYPES = new Set<string>(HUBSPOT_OBJECT_TYPES);

/** The CRM record page, or null for ids that are not CRM records yet (`sf:<id>`: created in Salesforce). */
export function crmRecordUrl(links: LinkBases, type: string | null, id: string | null): string | null {
  if (!type || !id || !CRM_TYPES.has(type) || id.startsWith('sf:')) return null;
  return hubspotRecordUrl({
    uiBaseUrl: links.crmUiBaseUrl,
    portalId: links.portalId,
    objectType: type as HubspotObjectType,
    id,
  });
}

export function sfRecordUrl(links: LinkBases, object: string, id: string | null): string | null {
  return id ? salesforceRecordUrl({ instanceUrl: links.instanceUrl, object, id }) : null;
}

/** What the steps name besides the row: the HubSpot property mapped to a Salesforce field, and its label. */
export interface StepContext {
  crmProperty(sfObject: string, field: string): string | undefined;
  crmPropertyLabel(sfObject: string, field: string): string | undefined;
}

/**
 * The context from the mapping set in use (`engine.mappings()`) and HubSpot's property labels
 * (`engine.propertyLabels()`): the steps name a property as HubSpot's screens show it, "Lead Status",
 * not by its internal name `hs_lead_status`.
 */
export function stepContext(
  mappings: { crmType: string; sfObject: string; fields: { crm: string; sf: string }[] }[],
  labels: (crmType: string, property: string) => string | undefined = () => undefined,
): StepContext {
  const byField = new Map(
    mappings.flatMap((m) =>
      m.fields.map((f) => [`${m.sfObject}.${f.sf}`, { crmType: m.crmType, name: f.crm }] as const),
    ),
  );
  // CRM contacts that live as Leads: a Lead field comes from the same property (Company from the contact's).
  const contacts = mappings.find((m) => m.sfObject === 'Contact');
  for (const f of [...(contacts?.fields ?? []), { crm: COMPANY_PROPERTY, sf: 'Company' }])
    if (contacts && !byField.has(`${LEAD}.${f.sf}`))
      byField.set(`${LEAD}.${f.sf}`, { crmType: contacts.crmType, name: f.crm });
  const find = (sfObject: string, field: string) => byField.get(`${sfObject}.${field}`);
  return {
    crmProperty: (sfObject, field) => find(sfObject, field)?.name,
    crmPropertyLabel: (sfObject, field) => {
      const p = find(sfObject, field);
      return p && labels(p.crmType, p.name);
    },
  };
}

/** Salesforce and the preflight both say "(max length=128)"; the steps quote the limit. */
export function maxLengthIn(message: string): number | undefined {
  const m = /max length=(\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** The fields of an error that its resolution steps are filled from. */
export type StepFields = Pick<
  ErrorRow,
  | 'sfObject'
  | 'field'
  | 'value'
  | 'rule'
  | 'blockingType'
  | 'crmType'
  | 'blockingName'
  | 'blockingId'
  | 'message'
  | 'duplicateOf'
> & { code?: string; subType?: SubType; summary?: string | null };

export function detailsOf(row: StepFields, context?: StepContext): ErrorDetails {
  return {
    object: row.sfObject,
    field: row.field ?? undefined,
    value: row.value ?? undefined,
    rule: row.rule ?? undefined,
    crmObject: row.blockingType ?? row.crmType,
    crmProperty: row.field ? context?.crmProperty(row.sfObject, row.field) : undefined,
    crmPropertyLabel: row.field ? context?.crmPropertyLabel(row.sfObject, row.field) : undefined,
    blockingRecordName: row.blockingName ?? undefined,
    blockingRecordId: row.blockingId ?? undefined,
    maxLength: maxLengthIn(row.message),
    // Automation steps quote the author's message, not the platform's wrapping of it.
    message:
      row.subType && SUB_TYPES[row.subType].category === 'custom-code' && row.summary
        ? row.summary
        : row.message,
    duplicateRecordId: row.duplicateOf ?? undefined,
    code: row.code,
  };
}

/** Codes of the engine's own findings: their message is ours, not a text Salesforce or HubSpot sent. */
const OWN_CODES = new Set<string>([...Object.values(PREFLIGHT_CODES), BLOCKED_CODE]);

/**
 * One error as the API shows it. `heldBack`: for an error with a blocking record, how many records that record
 * holds back (this one included); the row itself is one affected record, so that rows add up to the card.
 */

export function toErrorItem(
  row: ErrorRow,
  links: LinkBases,
  heldBack?: number,
  context?: StepContext,
): ErrorItem {
  const subType = row.subType;
  const details = detailsOf(row, context);
  return {
    id: row.id,
    status: row.status,
    category: row.category,
    crmType: row.crmType,
    crmId: row.crmId,
    sfObject: row.sfObject,
    sfId: row.sfId,
    recordName: row.recordName,
    code: row.code,
    subType,
    title: SUB_TYPES[subType].title,
    field: row.field,
    value: row.value,
    rule: row.rule,
    rootCauseKey: row.rootCauseKey,
    message: row.message,
    summary: row.summary,
    raw: OWN_CODES.has(row.code) ? null : row.message,
    setupUrl: automationSetupUrl({ instanceUrl: links.instanceUrl, subType, object: row.sfObject }),
    blockingType: row.blockingType,
    blockingId: row.blockingId,
    blockingName: row.blockingName,
    affectedRecords: row.affectedRecords,
    blockingHolds:
      row.blockingType && row.blockingId && heldBack !== undefined ? Math.max(1, heldBack) : null,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    occurrences: row.occurrences,
    resolvedAt: row.resolvedAt,
    steps: resolutionSteps(subType, details),
    crmUrl: crmRecordUrl(links, row.crmType, row.crmId),
    sfUrl: sfRecordUrl(links, row.sfObject, row.sfId),
    blockingUrl: crmRecordUrl(links, row.blockingType, row.blockingId),
    duplicateOf: row.duplicateOf,
    duplicateUrl: sfRecordUrl(links, row.sfObject, row.duplicateOf),
  };
}

const PLACEHOLDER = 'RECORDIDPLACEHOLDER';

/**
 * Record-page URLs for many rows (the CSV export): each object's URL is built once through shared/view-links
 * and then only the id changes, instead of parsing the base URLs again for every row.
 */
export function createLinkBuilder(links: LinkBases) {
  const templates = new Map<string, [string, string] | null>();
  const fill = (key: string, build: () => string | null, id: string | null) => {
    if (!id) return null;
    let t = templates.get(key);
    if (t === undefined) {
      const sample = build();
      const at = sample ? sample.indexOf(PLACEHOLDER) : -1;
      t = sample && at >= 0 ? [sample.slice(0, at), sample.slice(at + PLACEHOLDER.length)] : null;
      templates.set(key, t);
    }
    return t ? `${t[0]}${encodeURIComponent(id)}${t[1]}` : null;
  };
  return {
    crm: (type: string | null, id: string | null) =>
      type && id && !id.startsWith('sf:')
        ? fill(`crm:${type}`, () => crmRecordUrl(links, type, PLACEHOLDER), id)
        : null,
    sf: (object: string, id: string | null) =>
      fill(`sf:${object}`, () => sfRecordUrl(links, object, PLACEHOLDER), id),
  };
}
