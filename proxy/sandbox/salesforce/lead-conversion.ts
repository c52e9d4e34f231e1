/**
 * @module Lead conversion as convertLead() does it: an Account (or the one given) and a Contact made
 * from the lead's standard fields, the lead marked IsConverted with ConvertedAccountId,
 * ConvertedContactId, ConvertedDate (a date, no time) and a converted status. A converted lead is
 * read-only: writes get CANNOT_UPDATE_CONVERTED_LEAD (see convertedLeadError).
 */
import { ControlError, insertDirect, objectNamed, recordNamed } from './direct-writes';
import { CONVERTED_LEAD_STATUS } from './lead-definition';
import { findField } from './org-definition';
import type { OrgState, SfRecord } from './org-state';
import { putRecord } from './record-index';
import type { SaveError } from './sf-format';
import { sfDateTime } from './sf-format';

/** Lead field → field of the Account and of the Contact it becomes (the standard lead field mapping). */
const TO_ACCOUNT: Record<string, string> = {
  Company: 'Name',
  Website: 'Website',
  Industry: 'Industry',
  Phone: 'Phone',
  City: 'BillingCity',
  NumberOfEmployees: 'NumberOfEmployees',
  AnnualRevenue: 'AnnualRevenue',
  Description: 'Description',
};
const TO_CONTACT: Record<string, string> = {
  FirstName: 'FirstName',
  LastName: 'LastName',
  Email: 'Email',
  Phone: 'Phone',
  MobilePhone: 'MobilePhone',
  Title: 'Title',
  LeadSource: 'LeadSource',
};

export interface ConvertOptions {
  /** Merge into this existing Account instead of creating one. */
  accountId?: string;
  convertedStatus?: string;
}

export interface ConvertResult {
  leadId: string;
  accountId: string;
  contactId: string;
  opportunityId: null;
}

function carried(state: OrgState, lead: SfRecord, target: string, mapping: Record<string, string>) {
  const object = objectNamed(state, target);
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(mapping)) {
    const value = lead[from];
    if (value !== null && value !== undefined && findField(object, to)) out[to] = value;
  }
  return out;
}

/** Converts one lead (no opportunity is created, as with doNotCreateOpportunity). */
export function convertLead(
  state: OrgState,
  now: number,
  rawLeadId: string,
  options: ConvertOptions = {},
): ConvertResult {
  const lead = recordNamed(state, 'Lead', rawLeadId);
  if (lead.IsDeleted) throw new ControlError(`Lead ${lead.Id} is deleted: restore it before converting`);
  if (lead.IsConverted) throw new ControlError(`Lead ${lead.Id} is already converted`);
  const status = options.convertedStatus ?? CONVERTED_LEAD_STATUS;
  if (status !== CONVERTED_LEAD_STATUS) {
    throw new ControlError(`Invalid converted status "${status}". Options: ${CONVERTED_LEAD_STATUS}`);
  }
  const account = options.accountId
    ? recordNamed(state, 'Account', options.accountId)
    : insertDirect(state, now, 'Account', carried(state, lead, 'Account', TO_ACCOUNT));
  if (account.IsDeleted) throw new ControlError(`Account ${account.Id} is deleted`);
  const contact = insertDirect(state, now, 'Contact', {
    ...carried(state, lead, 'Contact', TO_CONTACT),
    AccountId: account.Id,
  });
  const stamp = sfDateTime(now);
  putRecord(state.records.Lead, {
    ...lead,
    IsConverted: true,
    Status: status,
    ConvertedDate: stamp.slice(0, 10),
    ConvertedAccountId: account.Id,
    ConvertedContactId: contact.Id,
    ConvertedOpportunityId: null,
    LastModifiedDate: stamp,
    SystemModstamp: stamp,
  });
  return { leadId: lead.Id, accountId: account.Id, contactId: contact.Id, opportunityId: null };
}

/** Salesforce's answer to any write to a converted lead (help article 000384333). */
export function convertedLeadError(objectName: string, existing: SfRecord | undefined): SaveError | null {
  if (objectName !== 'Lead' || !existing?.IsConverted) return null;
  return {
    statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
    message: 'cannot reference converted lead',
    fields: [],
  };
}
