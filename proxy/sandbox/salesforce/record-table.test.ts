import { beforeEach, describe, expect, it } from 'vitest';
import { demoOrgDefinition } from './demo-org';
import { insertDirect, updateDirect } from './direct-writes';
import { emptyState, type OrgState } from './org-state';
import { beginTransaction } from './record-table';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('record table lookups by value', () => {
  let state: OrgState;
  let acmeId: string;
  beforeEach(() => {
    state = emptyState(demoOrgDefinition(), 100);
    acmeId = insertDirect(state, NOW, 'Account', { Name: 'Acme', HubSpot_Id__c: 'hs-1' }).Id;
    insertDirect(state, NOW, 'Account', { Name: 'Beta', HubSpot_Id__c: 'hs-2' });
  });
  const ids = (found: { Id: string }[]) => found.map((r) => r.Id);

  it('finds a record by external id ignoring case', () => {
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'HS-1'))).toEqual([acmeId]);
  });

  it('sees its own uncommitted writes, and other transactions do not until commit', () => {
    const tx = beginTransaction(state);
    tx.put('Account', { ...tx.get('Account', acmeId), Id: acmeId, HubSpot_Id__c: 'hs-9' });
    expect(ids(tx.findBy('Account', 'HubSpot_Id__c', 'hs-9'))).toEqual([acmeId]);
    expect(tx.findBy('Account', 'HubSpot_Id__c', 'hs-1')).toEqual([]);
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-1'))).toEqual([acmeId]);
    tx.commit();
    expect(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-1')).toEqual([]);
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-9'))).toEqual([acmeId]);
  });

  it('keeps the index true through direct writes made after it was built', () => {
    expect(beginTransaction(state).findBy('Account', 'Name', 'Gamma')).toEqual([]);
    const gamma = insertDirect(state, NOW, 'Account', { Name: 'Gamma' });
    updateDirect(state, NOW, 'Account', acmeId, { Name: 'Gamma' });
    expect(ids(beginTransaction(state).findBy('Account', 'Name', 'gamma')).sort()).toEqual(
      [gamma.Id, acmeId].sort(),
    );
    expect(beginTransaction(state).findBy('Account', 'Name', 'Acme')).toEqual([]);
  });

  it('lists new and changed records of a transaction in all()', () => {
    const tx = beginTransaction(state);
    tx.put('Account', { Id: '001000000000099AAA', Name: 'New' });
    tx.put('Account', { ...tx.get('Account', acmeId), Id: acmeId, Name: 'Renamed' });
    expect(
      tx
        .all('Account')
        .map((r) => r.Name)
        .sort(),
    ).toEqual(['Beta', 'New', 'Renamed']);
  });
});
