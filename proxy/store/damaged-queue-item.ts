/** @module The error an unreadable queued change becomes: visible in the panel, and cleared by the next send. */
import { rootCauseKey } from '../../shared/taxonomy';
import type { DamagedQueueItem } from './sync-state';
import type { CrmType, ErrorInput, LinkRow } from './types';

export const DAMAGED_QUEUE_CODE = 'QUEUED_CHANGE_UNREADABLE';

const OUTCOME: Record<DamagedQueueItem['replacedBy'], string> = {
  refetch: 'The record is read again from its source and sent at the next run.',
  'write-back': "Its Salesforce id is written back from the record's link at the next run.",
  removed: 'Nothing could be recovered from it: resync the record to send it again.',
};

/**
 * The error for a queued change whose stored payload could not be read. Its record id is the one the
 * direction's own errors use (a record created from Salesforce has `sf:<id>` until it is in the CRM), so the
 * next successful send of the record resolves it like any other error of that record.
 */
export function damagedQueueError(
  d: DamagedQueueItem,
  link: (crmType: CrmType, crmId: string) => LinkRow | null,
): ErrorInput {
  const crmId = d.direction === 'to-crm' ? `sf:${d.recordId}` : d.recordId;
  const known = d.direction === 'to-crm' ? null : link(d.objectType, d.recordId);
  return {
    category: 'other',
    subType: 'other',
    crmType: d.objectType,
    crmId,
    sfObject: known?.sfObject ?? '',
    sfId: d.direction === 'to-crm' ? d.recordId : (known?.sfId ?? null),
    recordName: known?.name ?? null,
    code: DAMAGED_QUEUE_CODE,
    rootCauseKey: rootCauseKey('other', DAMAGED_QUEUE_CODE),
    message: `The change waiting to be sent for this record was stored damaged (${d.reason}). ${OUTCOME[d.replacedBy]}`,
  };
}
