/** @module Error inputs the contract tests record (the shapes the engine records). */
import type { ErrorInput } from '../../../proxy/store/index';

export const picklistError = (crmId: string, value = 'Biotech'): ErrorInput => ({
  category: 'picklists',
  crmType: 'companies',
  crmId,
  sfObject: 'Account',
  recordName: `Company ${crmId}`,
  code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  subType: 'picklist-value-missing',
  field: 'Industry',
  value,
  rootCauseKey: `picklist:Account.Industry:${value}`,
  message: `Industry: bad value for restricted picklist field: ${value}`,
});

/** A contact's error: held back by a company when `blockingId` is given, else a picklist value. */
export const contactError = (crmId: string, blockingId?: string): ErrorInput => ({
  category: blockingId ? 'associations' : 'picklists',
  crmType: 'contacts',
  crmId,
  sfObject: 'Contact',
  recordName: `Contact ${crmId}`,
  code: blockingId ? 'BLOCKED_BY_PARENT' : 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  subType: blockingId ? 'blocking-record-not-synced' : 'picklist-value-missing',
  field: blockingId ? undefined : 'LeadSource',
  value: blockingId ? undefined : 'Podcast',
  rootCauseKey: blockingId ? `blocking:companies:${blockingId}` : 'picklist:Contact.LeadSource:Podcast',
  message: blockingId ? `Company ${blockingId} is not synced` : 'LeadSource: bad value: Podcast',
  blocking: blockingId ? { type: 'companies', id: blockingId, name: `Company ${blockingId}` } : null,
});
