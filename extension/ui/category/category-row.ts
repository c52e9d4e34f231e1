/** @module One line of a category table, from the proxy's error item: what the row shows and links to. */
import type { ErrorItem } from '../../../shared/api/errors';
import { objectWords } from '../../../shared/object-words';
import { fieldWords } from '../../../shared/taxonomy';
import { mappingTargetOf } from '../settings/mapping-link';

export interface CategoryRow {
  id: string;
  name: string;
  /** The object the record is (or would be) in, by the one naming rule: "Deal (Opportunity)". */
  object: string;
  affectedRecords: number;
  /** How many times the sync tried this record and met this error. */
  attempts: number;
  /** Associations: how many records the blocking record holds back (this one included). */
  heldBack: number | null;
  title: string;
  detail: string;
  /** The field and value (or the rule) the error is about, when known. */
  fact: string | null;
  /** Resolution steps, naming the field, value or rule (written by the proxy from the taxonomy). */
  steps: string[];
  /** Salesforce's own words, when the detail line is a summary of them. */
  raw: string | null;
  crmUrl: string | null;
  sfUrl: string | null;
  /** Associations: the record that holds this one back. */
  blocking: { name: string; url: string | null } | null;
  /** Duplicates: the existing Salesforce record this one matches. */
  duplicate: { id: string; url: string | null } | null;
  /** Property mappings: the mapping row that fixes it (Settings → Field mappings). */
  mapping: { crmType: string; field: string } | null;
  firstSeen: number;
  /** The last attempt to sync the record (the error was seen again then). */
  lastSeen: number;
}

const recordLabel = (type: string, id: string) =>
  `${objectWords(type, { hubspotOnly: true }).toLowerCase()} ${id}`;

/**
 * "Lead Source field (LeadSource) on Contact: "Podcast"": the field in the words of its label, with its API
 * name in brackets as the hint that finds it in Setup (left out where it reads the same as the label), on
 * the object named as everywhere else ("on Deal (Opportunity)").
 */
function factOf(item: ErrorItem): string | null {
  if (!item.field) return item.rule ? `Rule: ${item.rule}` : null;
  const words = fieldWords(item.field);
  const field = `${words} field${words === item.field ? '' : ` (${item.field})`} on ${objectWords(item.sfObject)}`;
  return item.value === null ? field : `${field}: "${item.value}"`;
}

/** The proxy's item as the table shows it. */
export function toCategoryRow(item: ErrorItem): CategoryRow {
  const detail = item.summary || item.message;
  return {
    id: item.id,
    name: item.recordName || recordLabel(item.crmType, item.crmId),
    object: objectWords(item.sfObject),
    affectedRecords: item.affectedRecords,
    attempts: item.occurrences,
    heldBack: item.blockingHolds,
    title: item.title,
    detail,
    fact: factOf(item),
    steps: item.steps,
    raw: detail === item.message ? null : item.message,
    crmUrl: item.crmUrl,
    sfUrl: item.sfUrl,
    mapping: mappingTargetOf(item),
    blocking:
      item.blockingType && item.blockingId
        ? {
            name: item.blockingName || recordLabel(item.blockingType, item.blockingId),
            url: item.blockingUrl,
          }
        : null,
    duplicate: item.duplicateOf ? { id: item.duplicateOf, url: item.duplicateUrl } : null,
    firstSeen: item.firstSeen,
    lastSeen: item.lastSeen,
  };
}
