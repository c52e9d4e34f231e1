/** @module What This record says about the record in view: its state and its object, in an admin's words. */
import type { RecordLookupAnswer } from '../../../shared/api/control';
import { objectWords } from '../../../shared/object-words';
import type { RecordRef } from '../../../shared/record-url';
import { countOf } from '../format';

export type RecordState = 'loading' | 'unavailable' | 'failing' | 'synced' | 'pending' | 'unknown';

/**
 * The record's state from the proxy's answer (fresh or cached). Without an answer, "loading" while the
 * proxy is asked, and "unavailable" once it failed to answer: never "Checking…" for ever.
 */
export function recordState(answer: RecordLookupAnswer | null, failed: boolean): RecordState {
  if (!answer) return failed ? 'unavailable' : 'loading';
  if (answer.openErrors.length) return 'failing';
  if (answer.synced) return 'synced';
  return answer.known ? 'pending' : 'unknown';
}

/** The line under the record's name for each state. */
export function recordStateText(state: RecordState, openErrors: number): string {
  switch (state) {
    case 'loading':
      return 'Checking…';
    case 'unavailable':
      return 'Not checked: the panel has not seen this record before and cannot ask the proxy now.';
    case 'failing':
      return `Not syncing: ${countOf(openErrors, 'open error')}`;
    case 'synced':
      return 'In sync';
    case 'pending':
      return 'Waiting to sync';
    case 'unknown':
      return 'Not synced — the sync has not seen this record';
  }
}

/** The record's object by the one naming rule (shared/object-words): "Deal (Opportunity)" on either side. */
export function objectName(record: Pick<RecordRef, 'system' | 'objectType'>): string {
  return objectWords(record.objectType);
}

/** A record without a known name, by its side's own word for it: "HubSpot deal 501", "Salesforce Lead 00Q…". */
export function unnamedRecord(record: Pick<RecordRef, 'system' | 'objectType' | 'id'>): string {
  return record.system === 'hubspot'
    ? `HubSpot ${objectWords(record.objectType, { hubspotOnly: true }).toLowerCase()} ${record.id}`
    : `Salesforce ${record.objectType} ${record.id}`;
}
