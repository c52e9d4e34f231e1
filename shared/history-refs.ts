/**
 * @module The records a stored history line names by id: "merged in Salesforce into Contact 003…",
 * "associated in the CRM with "Acme" (companies 21100)". The proxy finds them to attach each one's name and
 * link; the panel finds the same spans to show that name, linked, instead of the id. One finder, so that
 * both sides cut the text the same way (history is stored as text, old lines included).
 */
import { isSalesforceId, KEY_PREFIXES } from './salesforce-id';

export interface HistoryRefSpan {
  system: 'salesforce' | 'hubspot';
  /** The object's API name: Salesforce's ("Contact") or HubSpot's ("companies"). */
  object: string;
  id: string;
  /** A name the line itself gives ("Acme" in `"Acme" (companies 21100)`). */
  quotedName: string | null;
  start: number;
  end: number;
}

// `"Acme" (companies 21100)`, `companies 21100`, `CRM record 51`, `in the CRM into 51`, `Contact 003…` or a
// bare Salesforce id.
const PATTERN =
  /"([^"]{1,200})" \((contacts|companies|deals) (\d{1,20})\)|\b(contacts|companies|deals) (\d{1,20})\b|\b(?:(Contact|Account|Opportunity|Lead) )?([a-zA-Z0-9]{18}|[a-zA-Z0-9]{15})\b|\bCRM record (\d{1,20})\b|(?<=\bin the CRM into )(\d{1,20})\b/g;

/**
 * Every record a history line names by id, in order. A 15/18-character word is an id only if it is one.
 * `crmType`: the object of the line's own record, for the HubSpot records a line names without one
 * ("which syncs with CRM record 51": a merge stays within one object).
 */
export function findHistoryRefs(text: string, crmType?: string): HistoryRefSpan[] {
  const out: HistoryRefSpan[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[2] && m[3]) {
      out.push({ system: 'hubspot', object: m[2], id: m[3], quotedName: m[1] ?? null, start, end });
    } else if (m[4] && m[5]) {
      out.push({ system: 'hubspot', object: m[4], id: m[5], quotedName: null, start, end });
    } else if (m[7]) {
      const id = m[7];
      // Words like "Opportunities" or "Organization12" are not ids: an id has a digit and a known prefix
      // unless the line names its object.
      if (!/\d/.test(id) || !isSalesforceId(id)) continue;
      const object = m[6] ?? KEY_PREFIXES[id.slice(0, 3)];
      if (!object) continue;
      out.push({ system: 'salesforce', object, id, quotedName: null, start, end });
    } else if ((m[8] || m[9]) && crmType) {
      out.push({ system: 'hubspot', object: crmType, id: (m[8] ?? m[9])!, quotedName: null, start, end });
    }
  }
  return out;
}
