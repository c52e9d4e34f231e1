import { describe, expect, it } from 'vitest';
import type { RecordLookupAnswer } from '../../../shared/api/control';
import { objectName, recordState, recordStateText, unnamedRecord } from './record-state';

const answer = (over: Partial<RecordLookupAnswer>): RecordLookupAnswer => ({
  system: 'hubspot',
  objectType: 'contacts',
  id: '101',
  synced: false,
  known: false,
  crm: null,
  salesforce: null,
  lastSyncedAt: null,
  openErrors: [],
  history: [],
  ...over,
});

describe('recordState', () => {
  it('says the record cannot be checked once the proxy failed to answer and nothing was cached', () => {
    expect(recordState(null, false)).toBe('loading');
    expect(recordState(null, true)).toBe('unavailable');
    expect(recordStateText('unavailable', 0)).not.toContain('Checking');
  });

  it('prefers what an answer says, cached or fresh, over a failed request', () => {
    expect(recordState(answer({ synced: true }), true)).toBe('synced');
    expect(recordState(answer({ known: true }), false)).toBe('pending');
    expect(recordState(answer({}), false)).toBe('unknown');
    const failing = answer({ synced: true, openErrors: [{} as RecordLookupAnswer['openErrors'][number]] });
    expect(recordState(failing, false)).toBe('failing');
  });

  it('counts open errors with thousands separators', () => {
    expect(recordStateText('failing', 1)).toBe('Not syncing: 1 open error');
    expect(recordStateText('failing', 1200)).toBe(`Not syncing: ${(1200).toLocaleString()} open errors`);
  });
});

describe('objectName', () => {
  it('names an object of either side by its HubSpot name, with the Salesforce name where it differs', () => {
    expect(objectName({ system: 'hubspot', objectType: 'contacts' })).toBe('Contact');
    expect(objectName({ system: 'hubspot', objectType: 'companies' })).toBe('Company (Account)');
    expect(objectName({ system: 'salesforce', objectType: 'Opportunity' })).toBe('Deal (Opportunity)');
    expect(objectName({ system: 'hubspot', objectType: 'deals' })).toBe('Deal (Opportunity)');
    expect(objectName({ system: 'salesforce', objectType: 'Lead' })).toBe('Lead');
    expect(objectName({ system: 'hubspot', objectType: '2-123' })).toBe('2-123');
  });
});

describe('unnamedRecord', () => {
  it("names a record whose name is not known yet by its side's word for the object and its id", () => {
    expect(unnamedRecord({ system: 'hubspot', objectType: 'deals', id: '501' })).toBe('HubSpot deal 501');
    expect(unnamedRecord({ system: 'salesforce', objectType: 'Lead', id: '00Q000000000001' })).toBe(
      'Salesforce Lead 00Q000000000001',
    );
  });
});
