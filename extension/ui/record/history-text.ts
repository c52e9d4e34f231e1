/**
 * @module A sync history entry in an admin's words. The proxy stores short action names (`upsert`,
 * `preflight`, `crm-update`...) and outcomes like `failed: picklists`; the panel shows what happened.
 */
import type { HistoryEntry, HistoryRecord } from '../../../shared/api/errors';
import { parseAutomationError } from '../../../shared/classify-error-automation';
import { findHistoryRefs, type HistoryRefSpan } from '../../../shared/history-refs';
import { objectWords } from '../../../shared/object-words';
import { CATEGORY_INFO, fieldWords, isCategory } from '../../../shared/taxonomy';

const ACTIONS: Readonly<Record<string, string>> = {
  preflight: 'Checked before sending to Salesforce',
  upsert: 'Sent to Salesforce',
  read: 'Read from HubSpot',
  'crm-create': 'Created in HubSpot',
  'crm-update': 'Written to HubSpot',
  'crm-associate': 'Association in HubSpot',
  resync: 'Resynced from the side panel',
  match: 'Matched in Salesforce',
  linked: 'Linked to Salesforce',
  converted: 'Lead converted',
  merged: 'Merged',
  deleted: 'Deleted',
  delete: 'Delete in Salesforce',
  included: 'Inclusion list',
  excluded: 'Inclusion list',
};

/** Salesforce's codes for failures that pass, in words (the code itself stays in the error's details). */
const TRANSIENT_WORDS: Readonly<Record<string, string>> = {
  UNABLE_TO_LOCK_ROW: 'the record was locked by another update',
  SERVER_UNAVAILABLE: 'Salesforce was unavailable',
  REQUEST_LIMIT_EXCEEDED: "the org's API limit was reached",
  'timed out': 'Salesforce took too long to answer',
};

/**
 * The proxy's history speaks of "the CRM" (it could sync another one); this panel's CRM is HubSpot, and an
 * admin reads it by name: "archived in the CRM too" → "archived in HubSpot too".
 */
export function crmAsHubSpot(text: string): string {
  return text
    .replace(/\bthe CRM (record|contact|company|deal)/g, 'the HubSpot $1')
    .replace(/\bCRM (records?|contacts?|compan(?:y|ies)|deals?)\b/g, 'HubSpot $1')
    .replace(/\bthe CRM\b/g, 'HubSpot');
}

export interface HistoryText {
  action: string;
  outcome: string;
  failed: boolean;
}

export function historyText(entry: Pick<HistoryEntry, 'action' | 'outcome' | 'actor'>): HistoryText {
  // A person's action on a shared server carries their e-mail: "Resynced by ada@example.com".
  if (entry.action === 'resync' && entry.actor) {
    return { action: `Resynced by ${entry.actor}`, outcome: 'asked', failed: false };
  }
  const action = ACTIONS[entry.action] ?? entry.action;
  const failed = /^failed: (.+)$/.exec(entry.outcome);
  if (failed) {
    const category = failed[1]!;
    const label = isCategory(category) ? CATEGORY_INFO[category].label : category;
    return { action, outcome: `failed (${label} error)`, failed: true };
  }
  const transient = /^transient: (.+), retrying$/.exec(entry.outcome);
  if (transient) {
    const why = TRANSIENT_WORDS[transient[1]!] ?? transient[1];
    return { action, outcome: `a passing failure (${why}), retried on its own`, failed: false };
  }
  return { action, outcome: storedWords(entry.outcome), failed: false };
}

/**
 * Stored text in today's words, whenever it was written: "the CRM" is HubSpot, the HubSpot property
 * `salesforce_id` is named by its label, and a list of changed fields written by an older version with API
 * names ("updated from Salesforce: MobilePhone, Customer_Tier__c") reads as labels.
 */
function storedWords(text: string): string {
  return crmAsHubSpot(text)
    .replace(/\bsalesforce_id\b/g, 'the Salesforce ID property')
    .replace(/^(updated from Salesforce: )(.+)$/, (_, head: string, list: string) =>
      /^[A-Za-z0-9_]+(, [A-Za-z0-9_]+)*$/.test(list)
        ? head + list.split(', ').map(fieldWords).join(', ')
        : head + list,
    );
}

/** One piece of a history line: words, or a record the line names, by its name and linked. */
export type HistoryPart = { text: string } | { record: { text: string; url: string | null; id: string } };

/** How a record a line names by id reads: `Contact "Ada Lovelace"`, `company "Acme"`, or "a Contact". */
function recordWords(span: HistoryRefSpan, record: HistoryRecord | undefined): string {
  const word =
    span.system === 'salesforce'
      ? objectWords(span.object)
      : objectWords(span.object, { hubspotOnly: true }).toLowerCase();
  const name = record?.name ?? span.quotedName;
  return name ? `${word} "${name}"` : `a ${word}`;
}

/**
 * The outcome of a plain history line in parts: each record it names by id becomes its name, linked to
 * its page where the proxy gave one, with the id kept for hover (`records` come in the order of the
 * spans, both found by shared/history-refs). `crmType`: the line's own record's HubSpot object.
 */
export function historyOutcomeParts(
  entry: Pick<HistoryEntry, 'action' | 'outcome' | 'actor' | 'records'>,
  crmType?: string,
): HistoryPart[] {
  const text = historyText(entry);
  if (text.outcome !== storedWords(entry.outcome)) return [{ text: text.outcome }];
  const spans = findHistoryRefs(entry.outcome, crmType);
  const records = entry.records?.length === spans.length ? entry.records : undefined;
  const parts: HistoryPart[] = [];
  let at = 0;
  spans.forEach((span, i) => {
    if (span.start > at) parts.push({ text: storedWords(entry.outcome.slice(at, span.start)) });
    const record = records?.[i];
    parts.push({
      record: { text: recordWords(span, record), url: record?.url ?? null, id: span.id },
    });
    at = span.end;
  });
  if (at < entry.outcome.length) parts.push({ text: storedWords(entry.outcome.slice(at)) });
  return parts;
}

/**
 * The detail shown after an entry, or null: a bare Salesforce record id ("00Q5j000L4k5c7HEIQ", what a
 * create answers) says nothing an admin can read, and the record is open beside the panel anyway.
 */
export function historyDetail(detail: string | null | undefined): string | null {
  const text = detail?.trim();
  if (!text) return null;
  if (/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(text) && /\d/.test(text)) return null;
  const prompt = Object.hasOwn(SALESFORCE_PROMPTS, text) ? SALESFORCE_PROMPTS[text] : undefined;
  return automationWords(text) ?? prompt ?? crmAsHubSpot(text);
}

/** Texts Salesforce writes for a person at its own screen, which say nothing on their own in a history. */
const SALESFORCE_PROMPTS: Readonly<Record<string, string>> = {
  // The alert of Salesforce's standard duplicate rules.
  'Use one of these records?': 'a duplicate rule matched an existing Salesforce record',
};

/**
 * A flow's or trigger's failure as its author's message and the automation's name, without Salesforce's
 * wrapping ("We can't save this record because…", "System.DmlException… line 12, column 1"): the history
 * keeps no code, so the wrapping itself says which it is. The whole text stays in the error's details.
 */
function automationWords(text: string): string | null {
  const parsed = /Give your Salesforce admin these details/.test(text)
    ? parseAutomationError('CANNOT_EXECUTE_FLOW_TRIGGER', text)
    : /execution of \w+\s+caused by:/.test(text)
      ? parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)
      : null;
  if (!parsed?.message) return null;
  if (!parsed.name) return parsed.message;
  return `${parsed.kind === 'flow' ? 'the flow or process' : 'the Apex trigger'} "${parsed.name}": ${parsed.message}`;
}
