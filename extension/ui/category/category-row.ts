/** @module One line of a category table, built from the proxy's error item: what the row shows and links to. */
import { type ErrorDetails, isSubType, SUB_TYPES, type SubType } from '../../../shared/taxonomy';
import { type HubspotObjectType, hubspotRecordUrl, salesforceRecordUrl } from '../../../shared/view-links';

/** The fields of an error item the table reads (the proxy's list items carry these and more). */
export interface ErrorItemLike {
  id: string;
  crmType: string;
  crmId: string;
  sfObject: string;
  sfId: string | null;
  recordName: string | null;
  code: string;
  subType: string | null;
  field: string | null;
  value: string | null;
  rule: string | null;
  message: string;
  summary: string | null;
  blockingType: string | null;
  blockingId: string | null;
  blockingName: string | null;
  affectedRecords: number;
  lastSeen: number;
}

/** Where record pages live: the proxy's link bases (shared/view-links builds the URLs). */
export interface LinkBases {
  instanceUrl: string;
  crmUiBaseUrl: string;
  portalId: string;
}

export interface CategoryRow {
  id: string;
  name: string;
  /** "Contact · contacts 123": the object on both sides, as admins name them. */
  object: string;
  affectedRecords: number;
  subType: SubType;
  title: string;
  detail: string;
  /** "Contact.LeadSource = "Podcast"": the field and value the error is about, when known. */
  fact: string | null;
  details: ErrorDetails;
  crmUrl: string | null;
  sfUrl: string | null;
  /** Associations: the record that holds this one back. */
  blocking: { name: string; url: string | null } | null;
  lastSeen: number;
}

const CRM_SINGULAR: Readonly<Record<string, string>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tickets: 'ticket',
};

function crmUrl(links: LinkBases | null, type: string, id: string): string | null {
  if (!links || !(type in CRM_SINGULAR)) return null;
  return hubspotRecordUrl({
    uiBaseUrl: links.crmUiBaseUrl,
    portalId: links.portalId,
    objectType: type as HubspotObjectType,
    id,
  });
}

function factOf(item: ErrorItemLike): string | null {
  if (!item.field) return item.rule ? `Rule: ${item.rule}` : null;
  const field = `${item.sfObject}.${item.field}`;
  return item.value === null ? field : `${field} = "${item.value}"`;
}

/** The proxy's item as the table shows it; links are left out (null) until the bases are known. */
export function toCategoryRow(item: ErrorItemLike, links: LinkBases | null): CategoryRow {
  const subType: SubType = item.subType && isSubType(item.subType) ? item.subType : 'other';
  const singular = CRM_SINGULAR[item.crmType] ?? item.crmType;
  return {
    id: item.id,
    name: item.recordName || `${singular} ${item.crmId}`,
    object: item.sfObject,
    affectedRecords: item.affectedRecords,
    subType,
    title: SUB_TYPES[subType].title,
    detail: item.summary || item.message,
    fact: factOf(item),
    details: {
      object: item.sfObject,
      field: item.field ?? undefined,
      value: item.value ?? undefined,
      rule: item.rule ?? undefined,
      crmObject: item.blockingType ?? item.crmType,
      blockingRecordName: item.blockingName ?? undefined,
      blockingRecordId: item.blockingId ?? undefined,
      message: item.message,
    },
    crmUrl: crmUrl(links, item.crmType, item.crmId),
    sfUrl:
      links && item.sfId
        ? salesforceRecordUrl({ instanceUrl: links.instanceUrl, object: item.sfObject, id: item.sfId })
        : null,
    blocking:
      item.blockingType && item.blockingId
        ? {
            name:
              item.blockingName ||
              `${CRM_SINGULAR[item.blockingType] ?? item.blockingType} ${item.blockingId}`,
            url: crmUrl(links, item.blockingType, item.blockingId),
          }
        : null,
    lastSeen: item.lastSeen,
  };
}
